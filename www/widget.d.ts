// Types of the <ai-security-navigator> element (ai-security-navigator/widget and /define).
import type { Assessment, AssessmentFile, CatalogProblem, ModuleSource, Problem } from './navigator.js';

/** The diagram views the `view` attribute accepts. */
export type View = 'navigator' | 'matrix' | 'periodic' | 'model-general' | 'model-trained' | 'model-as-is';
export type Theme = 'auto' | 'light' | 'dark';

/** `asn-change`: the user changed the assessment (answers, name, likelihood, status, …). */
export interface ChangeDetail {
  assessment: AssessmentFile;
  result: Assessment;
}
/** `asn-select`: the selected entry of the map, or null when the selection was cleared. */
export type SelectDetail = { kind: 'threat' | 'control'; id: string; name: string } | null;
/** `asn-view`: the user switched the diagram view. */
export interface ViewDetail {
  view: View;
}
/** `asn-ready`: the module is loaded and the widget drawn. */
export interface ReadyDetail {
  catalog: string;
  overlay: string | null;
}
/** `asn-error`: something given to the widget could not be used; the widget keeps working. */
export interface ErrorDetail {
  /** What was wrong: `overlay`, `assessment`, `src`, `file`, `view`, `theme`, `selected`, `module`. */
  source: string;
  code: string;
  message: string;
  problems: Array<Problem | CatalogProblem>;
}

export interface AiSecurityNavigatorEventMap extends HTMLElementEventMap {
  'asn-change': CustomEvent<ChangeDetail>;
  'asn-select': CustomEvent<SelectDetail>;
  'asn-view': CustomEvent<ViewDetail>;
  'asn-ready': CustomEvent<ReadyDetail>;
  'asn-error': CustomEvent<ErrorDetail>;
}

export class AiSecurityNavigator extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Registers the element (default tag `ai-security-navigator`); returns the registered class. */
  static define(tag?: string, registry?: CustomElementRegistry): typeof AiSecurityNavigator;
  /** Loads the WebAssembly module from elsewhere than next to the script. */
  static init(source?: ModuleSource): Promise<void>;

  /** Resolves once the module is loaded and the widget drawn. */
  readonly ready: Promise<void>;
  view: View;
  /** The selected threat or control: an id, older id, name, `#LABEL` or AI Exchange link. */
  selected: string | null;
  theme: Theme;
  /** Whether the questionnaire is shown (attribute `questionnaire="on"|"off"`). */
  questionnaire: boolean;
  /** URL of an assessment file to open. */
  src: string;
  /** Attribute `readonly`: answers and decisions cannot be changed. */
  readOnly: boolean;
  /** The open assessment (a copy); set an object or JSON text to open another. */
  assessment: AssessmentFile;
  /** The result of assessing it; null until ready. */
  readonly result: Assessment | null;
  /** A catalog overlay (object or JSON text), or null for the standard catalog. */
  catalogOverlay: object | null;
  /** Every problem of the overlay last given; empty when it is valid or none is given. */
  readonly overlayProblems: CatalogProblem[];

  addEventListener<K extends keyof AiSecurityNavigatorEventMap>(
    type: K,
    listener: (this: AiSecurityNavigator, event: AiSecurityNavigatorEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof AiSecurityNavigatorEventMap>(
    type: K,
    listener: (this: AiSecurityNavigator, event: AiSecurityNavigatorEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'ai-security-navigator': AiSecurityNavigator;
  }
  interface HTMLElementEventMap {
    'asn-change': CustomEvent<ChangeDetail>;
    'asn-select': CustomEvent<SelectDetail>;
    'asn-view': CustomEvent<ViewDetail>;
    'asn-ready': CustomEvent<ReadyDetail>;
    'asn-error': CustomEvent<ErrorDetail>;
  }
}
