// Types of the ai-security-navigator package. The ids and answer values come from the catalog
// and are generated into catalog-ids.d.ts at build time, so they always match the module.
import type {
  Answers,
  CatalogVersion,
  ControlGroupId,
  ControlId,
  EssentialId,
  FlagId,
  ImpactId,
  QuestionId,
  RuleId,
  ThreatId,
} from './catalog-ids.js';

export type * from './catalog-ids.js';

// ---------------------------------------------------------------------------------------------
// The assessment file (contract §1)

export type Treatment = 'mitigate' | 'accept' | 'transfer' | 'avoid';
export type ControlImplementation = 'implemented' | 'planned' | 'not-planned';
/** A likelihood or impact on the scale of the AI Exchange: 1 (lowest) to 5 (highest). */
export type Score = 1 | 2 | 3 | 4 | 5;

export interface RiskDecision {
  likelihood?: Score | null;
  impact?: Score | null;
  treatment?: Treatment | null;
  owner?: string | null;
  note?: string | null;
}

export interface ControlDecision {
  status?: ControlImplementation | null;
  note?: string | null;
}

/** An assessment file (`ai-security-navigator/assessment@1`). Only `answers` is required. */
export interface AssessmentFile {
  $schema?: string;
  format?: 'ai-security-navigator/assessment@1';
  /** The catalog version the file was made with, e.g. "2026.08". */
  catalog?: string;
  system?: { name?: string; description?: string };
  answers: Answers;
  risks?: { [id in ThreatId]?: RiskDecision };
  controls?: { [id in ControlId]?: ControlDecision };
}

/** What every function that reads an assessment accepts: the object, or its JSON text. */
export type AssessmentInput = AssessmentFile | string;

// ---------------------------------------------------------------------------------------------
// The assessment result (contract §2)

export type ThreatStatus = 'applies' | 'unknown' | 'low' | 'not-applicable';
export type ControlStatus = 'recommended' | 'general' | 'not-needed';
export type Responsibility = 'own' | 'supplier' | 'shared';

export interface Reason {
  /** The rule of `catalog().rules` that decided, or `default` / `group`. */
  rule: RuleId | 'default' | 'group';
  text: string;
}

export interface ThreatResult {
  id: ThreatId;
  status: ThreatStatus;
  responsibility: Responsibility;
  /** Never empty: why the threat has this status. */
  reasons: Reason[];
  /** Questions whose answer would change this threat's status or responsibility. */
  openQuestions: QuestionId[];
}

export interface ControlResult {
  id: ControlId;
  status: ControlStatus;
  responsibility: Responsibility;
  /** The relevant threats it addresses. */
  covers: ThreatId[];
  /** Sum of the risk (likelihood × impact) of the threats it covers. */
  score: number;
  /** 1 for the control that buys the most; null when not needed. */
  rank: number | null;
  /** From the assessment file's `controls`, if given. */
  implementation: ControlImplementation | null;
}

export interface Flag {
  id: FlagId;
  text: string;
}

export interface FollowUp {
  question: QuestionId;
  why: string;
}

/** One line of the risk register: every relevant or low threat. Scores run 1–25. */
export interface RegisterEntry {
  threat: ThreatId;
  likelihood: Score;
  impact: Score;
  /** What the answers suggest, before any override in the file. */
  suggested: { likelihood: Score; impact: Score };
  /** Why the suggestion is what it is, e.g. "likelihood +1: anyone can send input". */
  basis: string[];
  treatment: Treatment | null;
  owner: string | null;
  note: string | null;
  /** Own or shared controls that address it (their status is in `controls[].implementation`). */
  controls: ControlId[];
  /** How many of `controls` are implemented. */
  implemented: number;
  /** likelihood × impact. */
  inherent: number;
  /** What remains with the implemented controls in place. */
  residual: number;
  /** What remains to accept, in words. */
  acceptance: string;
}

export interface CatalogChange {
  from: string | null;
  to: CatalogVersion;
  /** Older ids in the file, read as their current ones. */
  renamed: { from: string; to: ThreatId | ControlId }[];
  /** Threats and controls new since `from` that matter for this system. */
  added: (ThreatId | ControlId)[];
  text: string;
}

/** The result of `assess`. */
export interface Assessment {
  catalog: CatalogVersion;
  /** One entry for every threat of the catalog, sections and groups included. */
  threats: ThreatResult[];
  /** One entry for every control: general ones first, then by rank, then the ones not needed. */
  controls: ControlResult[];
  flags: Flag[];
  followUps: FollowUp[];
  /** What to verify with suppliers. */
  assurance: string[];
  register: RegisterEntry[];
  /** Set when the file was made with another catalog version or used older ids. */
  catalogChange: CatalogChange | null;
}

// ---------------------------------------------------------------------------------------------
// explain and diff

export interface ThreatExplanation {
  kind: 'threat';
  id: ThreatId;
  name: string;
  url: string;
  status: ThreatStatus;
  responsibility: Responsibility;
  /** One sentence: the verdict and who acts. */
  summary: string;
  reasons: Reason[];
  openQuestions: QuestionId[];
  parent: ThreatId | null;
  /** For sections and groups: the verdict on each entry under it. */
  children: { id: ThreatId; status: ThreatStatus }[];
  /** Its line of the risk register; null for threats that are not relevant. */
  risk: Pick<RegisterEntry, 'likelihood' | 'impact' | 'inherent' | 'residual' | 'treatment' | 'owner' | 'acceptance'> | null;
  /** Every control that addresses it, with that control's verdict for this system. */
  controls: { id: ControlId; status: ControlStatus; responsibility: Responsibility; rank: number | null; implementation: ControlImplementation | null }[];
}

export interface ControlExplanation {
  kind: 'control';
  id: ControlId;
  name: string;
  url: string;
  status: ControlStatus;
  responsibility: Responsibility;
  summary: string;
  score: number;
  rank: number | null;
  implementation: ControlImplementation | null;
  /** The relevant threats it addresses. */
  covers: ThreatId[];
  /** Every threat it addresses, with that threat's verdict for this system. */
  threats: { id: ThreatId; status: ThreatStatus }[];
}

export type Explanation = ThreatExplanation | ControlExplanation;

export interface Change<Id extends string> {
  id: Id;
  /** "applies (own)", "not-applicable (own)", "recommended", … */
  from: string;
  to: string;
  why: string[];
}

export interface Diff {
  answers: { question: QuestionId; from: string | null; to: string | null }[];
  threats: Change<ThreatId>[];
  controls: Change<ControlId>[];
  flagsAdded: FlagId[];
  flagsRemoved: FlagId[];
  /** e.g. "Answering augmentation: no removed 3 threats and added 0." */
  summary: string;
}

export interface Problem {
  /** e.g. `unknown-question`, `invalid-option`, `out-of-range`, `not-json`. */
  code: ErrorCode;
  /** Where in the file, e.g. `answers.training`; null for the file as a whole. */
  path: string | null;
  message: string;
  /** What would have been accepted, or the closest matches. */
  allowed: string[];
}

export interface CatalogProblem {
  file: string;
  entry: string | null;
  field: string | null;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// The catalog document

export type Condition = { [question in QuestionId]?: string[] };
export type Lifecycle = 'development-time' | 'input' | 'runtime';
export type ThreatKind = 'section' | 'group' | 'threat';

export interface Alias {
  /** The older id (its permalink slug), where it had another one. */
  id?: string;
  name: string;
  /** The older `/goto/` link. */
  url?: string;
}

export interface Reference {
  /** e.g. "MITRE ATLAS", "NIST AI 100-2", "ENISA", "OpenCRE". */
  source: string;
  id: string;
  title: string;
  url: string;
}

export interface CatalogThreat {
  id: ThreatId;
  /** Section number on the AI Exchange, e.g. "2.1.4". */
  code: string;
  name: string;
  kind: ThreatKind;
  parent: ThreatId | null;
  impacts: ImpactId[];
  lifecycle: Lifecycle;
  attackSurfaces: string[];
  appliesTo: { predictive: boolean; genai: boolean; llmOnly: boolean; agenticOnly: boolean };
  /** The controls its own section lists. */
  controls: ControlId[];
  /** The controls the periodic table lists, where it gives a list. */
  periodicTableControls?: ControlId[];
  controlSets?: string[];
  inheritsControls?: { from: ThreatId; except: ControlId[]; plus: ThreatId[] };
  controlsByParty?: { supplier: ControlId[]; producer: ControlId[] };
  aliases?: Alias[];
  references?: Reference[];
  /** OWASP Top 10 for LLM ids by edition, e.g. { "2025": ["LLM01"] }. */
  llmTop10?: Record<string, string[]>;
  /** The catalog version it first appeared in. */
  since?: string;
  summary: string;
  description: string;
  notes?: string;
  /** Its page on the AI Exchange: https://owaspai.org/go/<id>/ */
  url: string;
  /** Notes an overlay attached. */
  overlayNotes?: string[];
  /** Items of an overlay's mappings that name this threat. */
  overlayMappings?: OverlayMappingRef[];
}

export interface CatalogControl {
  id: ControlId;
  name: string;
  /** The tag as the AI Exchange writes it, e.g. "#MONITOR USE". */
  label: string;
  section: string;
  category: string;
  groups: ControlGroupId[];
  essentials: EssentialId[];
  aliases?: Alias[];
  references?: Reference[];
  since?: string;
  summary: string;
  /** What a team does to put it in place. */
  does: string[];
  url: string;
  /** Every threat it addresses. */
  threats: ThreatId[];
  /** Set on the controls an overlay added (their ids are the overlay's, not in `ControlId`). */
  overlay?: true;
  /** An overlay control's own description, when it gives one. */
  description?: string;
  /** Notes an overlay attached. */
  overlayNotes?: string[];
  /** Items of an overlay's mappings that name this control. */
  overlayMappings?: OverlayMappingRef[];
}

export interface CatalogQuestion {
  id: QuestionId;
  text: string;
  help: string;
  /** "yes-no" for the yes/no questions. */
  options: { value: string; label: string }[] | 'yes-no';
  /** Asked only when this holds; otherwise it counts as `whenNotAsked`. */
  askWhen?: Condition;
  whenNotAsked?: string;
  /** Set on the questions an overlay added (asked after the built-in ones). */
  overlay?: true;
}

export interface LlmTop10Entry {
  id: string;
  name: string;
  threats: ThreatId[];
  controls: ControlId[];
  controlSets?: string[];
  legacyThreat?: string;
  note?: string;
}

export interface Catalog {
  version: CatalogVersion;
  title: string;
  source: { name: string; url: string; repository: string; commit: string; date: string; legacyCommit?: string; legacyDate?: string };
  /** e.g. "https://owaspai.org/go/{slug}/" */
  permalink: string;
  legacyPermalink: string;
  impacts: { id: ImpactId; nr: number; goal: string; name: string; short: string; summary: string }[];
  lifecycles: { id: Lifecycle; name: string; summary: string }[];
  attackSurfaces: { id: string; lifecycle: Lifecycle; name: string }[];
  controlGroups: { id: ControlGroupId; nr: string; name: string; parent?: ControlGroupId }[];
  essentials: { id: EssentialId; name: string; parent?: EssentialId }[];
  threats: CatalogThreat[];
  controls: CatalogControl[];
  controlSets: { id: string; code: string; name: string; members: ControlId[] }[];
  mappings: {
    llmTop10: Record<string, LlmTop10Entry[]>;
    llmTop10Sources: Record<string, string>;
    llmTop10NotCovered: Record<string, { threat: ThreatId; note: string }[]>;
    ncscCisa: {
      source: string;
      dsitExtraPrinciples: string[];
      phases: { nr: number; phase: string; guidelines: { guideline: string; dsit: string | null; controls: ControlId[]; note?: string }[] }[];
    };
    genaiParticularities: { nr: number; topic: string; summary: string; llmTop10: string[]; seedLlmTop10: string[]; threats: ThreatId[]; note?: string }[];
    genaiParticularitiesNote: string;
    /** An overlay's own mappings (only in a catalog with an overlay). */
    overlay?: OverlayMapping[];
  };
  questions: CatalogQuestion[];
  rules: {
    id: RuleId;
    when: Condition;
    effect: 'exclude' | 'low' | 'applies' | 'supplier' | 'shared';
    threats: ThreatId[];
    reason: string;
    source: string;
    follows: 'seed' | 'site';
  }[];
  flags: { id: FlagId; when: Condition; text: string; source: string }[];
  assurance: { id: string; when: Condition; text: string }[];
  risk: {
    likelihood: Score;
    impact: Score;
    adjust: {
      when: Condition;
      lifecycle?: Lifecycle;
      threats?: ThreatId[];
      impacts?: ImpactId[];
      likelihood?: number;
      impact?: number;
      reason: string;
    }[];
  };
  /** Only in a catalog with an overlay: what the overlay is and what it changed. */
  overlay?: OverlayInfo;
}

/** A question of the questionnaire, ready to show: every option listed, "Don't know" last. */
export interface Question {
  id: QuestionId;
  text: string;
  help: string;
  options: { value: string; label: string }[];
  askWhen: Condition | null;
  /** The value it counts as while `askWhen` does not hold. */
  whenNotAsked: string | null;
  /** Set on the questions an overlay added. */
  overlay?: true;
}

export type Entry = { kind: 'threat'; entry: CatalogThreat } | { kind: 'control'; entry: CatalogControl };

// ---------------------------------------------------------------------------------------------
// Errors

export type ErrorCode =
  | 'not-json'
  | 'wrong-type'
  | 'unsupported-format'
  | 'unknown-field'
  | 'missing-field'
  | 'unknown-question'
  | 'invalid-option'
  | 'out-of-range'
  | 'unknown-threat'
  | 'unknown-control'
  | 'duplicate-entry'
  | 'invalid-share-link'
  | 'invalid-assessment'
  | 'unknown-id'
  | 'invalid-argument'
  | 'invalid-catalog'
  | 'invalid-overlay'
  | 'not-initialised'
  | 'load-failed'
  | 'internal';

/** Every error the API throws. Switch on `code`; it is stable. */
export class NavigatorError extends Error {
  readonly name: 'NavigatorError';
  readonly code: ErrorCode;
  /** The offending argument or field, e.g. `answers.training`. */
  readonly path: string | null;
  /** Accepted values, or the closest matches. */
  readonly allowed: string[];
  /** Every problem: in the assessment for `invalid-assessment`, in the overlay (as
   * `{ file: 'overlay', entry, field, message }`) for `invalid-overlay`. */
  readonly problems?: Problem[] | CatalogProblem[];
}

// ---------------------------------------------------------------------------------------------
// Functions

/** Where `init` may load the module from. */
export type ModuleSource = URL | string | Response | Promise<Response> | BufferSource | WebAssembly.Module;

/**
 * Loads the WebAssembly module; resolves when every other function can be called. In Node.js the
 * package loads it at import and this resolves at once. In browsers it fetches
 * `ai_security_navigator_bg.wasm` next to the JavaScript unless given another source.
 */
export function init(source?: ModuleSource): Promise<void>;
/** Loads the module synchronously from its bytes or a compiled module (workers, Node.js). */
export function initSync(source: BufferSource | WebAssembly.Module): void;
/**
 * Makes reports, `diagramSvg`, share links, custom catalogs and overlays available. The package
 * ships the full module, so here it only waits for `init()`; the hosted page loads a smaller core
 * module and fetches the full one (`ai_security_navigator_full_bg.wasm`, or `source`) on first
 * use. Until then those functions throw `not-initialised`.
 */
export function loadTools(source?: ModuleSource): Promise<void>;
/** Whether reports, `diagramSvg`, share links and overlays can be called now (see `loadTools`). */
export function toolsReady(): boolean;
/** The version of the built-in catalog, e.g. "2026.08". */
export function catalogVersion(): CatalogVersion;
/** The whole built-in catalog, deep-frozen; the same object on every call. */
export function catalog(): Catalog;
/** The questionnaire in order, deep-frozen. */
export function questions(): readonly Question[];
/** A threat or control by current id, older id or name, `#LABEL` or AI Exchange link. */
export function lookup(id: string): Entry;
/** Threats and controls matching `query` by id, name, label or older name, best first. */
export function search(query: string): Entry[];
/** Every problem in an assessment; empty when it is valid. */
export function validate(assessment: AssessmentInput): Problem[];
/** Assesses a system. Throws `invalid-assessment` (with every problem) for a bad file. */
export function assess(assessment: AssessmentInput): Assessment;
/** Everything the assessment says about one threat or control, with a one-line summary. */
export function explain(id: ThreatId | ControlId | (string & {}), assessment: AssessmentInput): Explanation;
/** What changes between two assessments, and why. */
export function diff(a: AssessmentInput, b: AssessmentInput): Diff;
/** A report as text. `date` (YYYY-MM-DD) is printed in it; today when omitted. */
export function report(assessment: AssessmentInput, format: 'md' | 'csv' | 'json', date?: string): string;
/** The report in Markdown, following the seven steps of the AI Exchange's risk analysis. */
export function toMarkdown(assessment: AssessmentInput, options?: { date?: string }): string;
/** One CSV row per threat and per control, safe to open in a spreadsheet. */
export function toCsv(assessment: AssessmentInput): string;
/** The result of `assess` as indented JSON text. */
export function toJson(assessment: AssessmentInput): string;
/** The diagram views. */
export type View = 'navigator' | 'matrix' | 'periodic' | 'model-general' | 'model-trained' | 'model-as-is';
export const VIEWS: readonly View[];

export interface DiagramNode {
  /** Unique in the layout, e.g. "threat:evasion", "control:MONITORUSE", "band:input". */
  key: string;
  role: 'threat' | 'control' | 'heading' | 'mark';
  /** The catalog id it stands for (threat, control, impact, lifecycle or control group). */
  entry: string;
  /** The label, wrapped to fit the box. */
  lines: string[];
  x: number;
  y: number;
  w: number;
  h: number;
  /** 0 section, 1 group, 2 threat under a group. */
  depth: number;
  /** Impact ids shown on a threat. */
  impacts: ImpactId[];
  /** Threat-model views: who must act. */
  responsibility: Responsibility | null;
}

export interface Layout {
  view: View;
  title: string;
  width: number;
  height: number;
  nodes: DiagramNode[];
  edges: { from: string; to: string; d: string }[];
}

/** The layout of a view, computed in WebAssembly. */
export function diagram(view: View): Layout;
/** A view as a standalone SVG file; with an assessment, its verdicts are drawn on it. */
export function diagramSvg(view: View, assessment?: AssessmentInput): string;
/**
 * A share link's fragment for an assessment: `#share=1.<catalog>.<answers>[.<details>]`.
 * Throws `invalid-assessment` for an assessment with problems.
 */
export function shareLink(assessment: AssessmentInput): string;
/**
 * The assessment a share link's fragment (`location.hash`) carries. Throws `invalid-share-link`
 * or `unsupported-format` for a damaged link, `invalid-assessment` (with every problem) when
 * what it carries is not a valid assessment.
 */
export function readShareLink(hash: string): AssessmentFile;
/** Every problem in a custom catalog, given as `{ "threats.json": text, … }`. */
export function validateCatalog(files: Record<string, string>): CatalogProblem[];

// ---------------------------------------------------------------------------------------------
// Custom catalog overlays (format: catalog/OVERLAY.md, schema: catalog/schema/overlay.schema.json)

/** A condition as the catalog's questions use it; overlay questions may name each other too. */
export type OverlayCondition = Record<string, string[]>;

/** A custom catalog overlay (`ai-security-navigator/overlay@1`). */
export interface OverlayFile {
  $schema?: string;
  format: 'ai-security-navigator/overlay@1';
  name: string;
  version?: string;
  description?: string;
  /** The catalog version it was written for, e.g. "2026.08" (informational). */
  catalog?: string;
  controls?: {
    id: string;
    name: string;
    summary: string;
    description?: string;
    group: ControlGroupId;
    /** Threats, groups or sections (a group or section covers every threat under it). */
    threats: ThreatId[];
    url?: string;
  }[];
  mappings?: {
    id: string;
    name: string;
    url?: string;
    items: { id: string; name: string; threats?: ThreatId[]; controls?: (ControlId | (string & {}))[] }[];
  }[];
  notes?: { entry: ThreatId | ControlId | (string & {}); text: string }[];
  questions?: {
    id: string;
    text: string;
    help?: string;
    options: 'yes-no' | { value: string; label: string }[];
    askWhen?: OverlayCondition;
    whenNotAsked?: string;
  }[];
  /** Threats (kind `threat`) and controls to leave out. */
  hide?: (ThreatId | ControlId)[];
}

/** What every function that reads an overlay accepts: the object, or its JSON text. */
export type OverlayInput = OverlayFile | string;

/** An overlay mapping's item as the entries it names list it. */
export interface OverlayMappingRef {
  /** The mapping's name. */
  mapping: string;
  id: string;
  name: string;
}

export interface OverlayMapping {
  id: string;
  name: string;
  url: string | null;
  items: { id: string; name: string; threats: string[]; controls: string[] }[];
}

/** `catalog().overlay` and `overlay` of a `withOverlay` navigator. */
export interface OverlayInfo {
  name: string;
  version: string | null;
  description: string | null;
  catalog: string | null;
  /** How many controls, questions, notes and mappings it adds. */
  controls: number;
  questions: number;
  notes: number;
  mappings: number;
  /** The ids it hides. */
  hidden: string[];
}

/** The API over one catalog: the module's own functions, or those `withOverlay` returns. */
export interface Navigator {
  catalogVersion(): CatalogVersion;
  catalog(): Catalog;
  questions(): readonly Question[];
  lookup(id: string): Entry;
  search(query: string): Entry[];
  validate(assessment: AssessmentInput): Problem[];
  assess(assessment: AssessmentInput): Assessment;
  report(assessment: AssessmentInput, format: 'md' | 'csv' | 'json', date?: string): string;
  toMarkdown(assessment: AssessmentInput, options?: { date?: string }): string;
  toCsv(assessment: AssessmentInput): string;
  toJson(assessment: AssessmentInput): string;
  explain(id: ThreatId | ControlId | (string & {}), assessment: AssessmentInput): Explanation;
  diff(a: AssessmentInput, b: AssessmentInput): Diff;
  readonly VIEWS: readonly View[];
  diagram(view: View): Layout;
  diagramSvg(view: View, assessment?: AssessmentInput): string;
  shareLink(assessment: AssessmentInput): string;
  readShareLink(hash: string): AssessmentFile;
  /** Resolves when reports, `diagramSvg` and share links can be called (see `loadTools`). */
  loadTools(): Promise<void>;
}

/** A navigator over the built-in catalog with an overlay applied. */
export interface OverlayNavigator extends Navigator {
  /** What the overlay is and what it changed (the same as `catalog().overlay`). */
  readonly overlay: OverlayInfo;
}

/**
 * The built-in catalog with an overlay applied: the same functions as the module, working on
 * the merged catalog. Throws `invalid-overlay` (every problem in `problems`) for a bad overlay.
 */
export function withOverlay(overlay: OverlayInput): OverlayNavigator;
/** Every problem in an overlay, as `{ file: 'overlay', entry, field, message }`; empty when valid. */
export function validateOverlay(overlay: OverlayInput): CatalogProblem[];
