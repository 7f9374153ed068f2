// What the page shows about a threat or a control: the catalog indexed for lookups, and each
// entry's details (description, impacts, relations, aliases, mappings, AI Exchange link). The list
// and the diagram's details panel both use these; `linkTo(kind, id)` says where a relation leads.
import { externalLink, facts, h, joined } from './dom.js';

/** The page's view of the catalog: lookups the renderers need. */
export function indexCatalog(data) {
  const byId = (list) => new Map(list.map((x) => [x.id, x]));
  const threats = byId(data.threats);
  const controls = byId(data.controls);
  const children = new Map();
  for (const t of data.threats) {
    const key = t.parent ?? '';
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(t);
  }
  const guidelinesOf = new Map();
  for (const phase of data.mappings.ncscCisa.phases) {
    for (const g of phase.guidelines) {
      for (const id of g.controls) {
        if (!guidelinesOf.has(id)) guidelinesOf.set(id, []);
        guidelinesOf.get(id).push(`${phase.phase}: ${g.guideline}`);
      }
    }
  }
  return {
    data,
    threats,
    controls,
    children,
    guidelinesOf,
    impacts: byId(data.impacts),
    lifecycles: byId(data.lifecycles),
    surfaces: byId(data.attackSurfaces),
    groups: byId(data.controlGroups),
    essentials: byId(data.essentials),
    sets: byId(data.controlSets),
  };
}

export function entryLink(cat, kind, id, linkTo) {
  const entry = (kind === 'threat' ? cat.threats : cat.controls).get(id);
  return h('a', { href: linkTo(kind, id), 'data-entry-link': `${kind}:${id}` }, entry ? entry.name : id);
}

function aliasList(entry) {
  return (entry.aliases ?? []).map((a) => {
    const label = [a.name, a.id && `(${a.id})`].filter(Boolean).join(' ');
    return a.url ? h('span', {}, label, ' ', externalLink(a.url, 'old link', a.name ?? a.id)) : h('span', {}, label);
  });
}

function referenceList(entry) {
  if (!entry.references?.length) return null;
  return h(
    'ul',
    { className: 'references' },
    entry.references.map((r) => {
      const text = `${r.source} ${r.id}${r.title ? `: ${r.title}` : ''}`;
      return h('li', {}, r.url ? externalLink(r.url, text, entry.name) : text);
    }),
  );
}

function llmList(entry) {
  const editions = Object.entries(entry.llmTop10 ?? {});
  if (editions.length === 0) return null;
  return editions.map(([edition, ids]) => `${ids.join(', ')} (${edition})`).join('; ');
}

function appliesText(a) {
  const kinds = [a.predictive && 'predictive AI', a.genai && 'generative AI'].filter(Boolean).join(' and ');
  const limits = [a.llmOnly && 'large language models only', a.agenticOnly && 'agentic systems only'].filter(Boolean);
  return [kinds, ...limits].join('; ');
}

/** What a catalog overlay adds to an entry: the organisation's notes and policy mappings. */
function overlayFacts(cat, entry) {
  const by = cat.data.overlay?.name ?? 'Your organisation';
  return [
    [`Note (${by})`, entry.overlayNotes?.length ? entry.overlayNotes.map((n) => h('p', { className: 'org-note' }, n)) : null],
    [`Mapped to (${by})`, entry.overlayMappings?.length ? entry.overlayMappings.map((m) => `${m.mapping} ${m.id}${m.name ? `: ${m.name}` : ''}`).join('; ') : null],
  ];
}

export function threatDetails(cat, t, linkTo) {
  const controlLinks = (ids) => joined(ids.map((id) => entryLink(cat, 'control', id, linkTo)));
  const inherits = t.inheritsControls;
  return h(
    'div',
    { className: 'body' },
    t.description && h('p', {}, t.description),
    facts([
      ['Impact', t.impacts.map((i) => cat.impacts.get(i)?.name ?? i).join('; ') || null],
      ['When', cat.lifecycles.get(t.lifecycle)?.name],
      ['Attack surface', t.attackSurfaces.map((s) => cat.surfaces.get(s)?.name ?? s).join(', ')],
      ['Concerns', appliesText(t.appliesTo)],
      ['Controls', t.controls.length ? controlLinks(t.controls) : null],
      ['Periodic table lists', t.periodicTableControls ? controlLinks(t.periodicTableControls) : null],
      t.controlsByParty && ['Supplier applies', controlLinks(t.controlsByParty.supplier)],
      t.controlsByParty && ['Producer applies', controlLinks(t.controlsByParty.producer)],
      inherits && [
        'Also uses',
        [
          'the controls of ',
          entryLink(cat, 'threat', inherits.from, linkTo),
          inherits.except.length ? [' except ', controlLinks(inherits.except)] : null,
          inherits.plus.length ? [', plus those of ', joined(inherits.plus.map((id) => entryLink(cat, 'threat', id, linkTo)))] : null,
        ],
      ],
      ['Control sets', (t.controlSets ?? []).map((s) => cat.sets.get(s)?.name ?? s).join('; ') || null],
      ['Also known as', joined(aliasList(t))],
      ['OWASP Top 10 for LLM', llmList(t)],
      ['References', referenceList(t)],
      ['Notes', t.notes],
      ...overlayFacts(cat, t),
    ].filter(Boolean)),
    h('p', { className: 'links' }, externalLink(t.url, 'Read on the AI Exchange', t.name)),
  );
}

export function controlDetails(cat, c, linkTo) {
  const sets = cat.data.controlSets.filter((s) => s.members.includes(c.id)).map((s) => `${s.code} ${s.name}`);
  return h(
    'div',
    { className: 'body' },
    c.description && h('p', {}, c.description),
    c.does?.length > 0 && [h('p', { className: 'does-title' }, 'What a team does'), h('ol', { className: 'does' }, c.does.map((step) => h('li', {}, step)))],
    facts([
      ['Group', c.groups.map((g) => cat.groups.get(g)?.name ?? g).join('; ')],
      ['Also grouped as', c.essentials.map((e) => {
        const node = cat.essentials.get(e);
        const parent = node?.parent ? cat.essentials.get(node.parent)?.name : null;
        return [parent, node?.name ?? e].filter(Boolean).join(' › ');
      }).join('; ') || null],
      ['Section', c.section || null],
      ['Addresses', c.threats.length ? joined(c.threats.map((id) => entryLink(cat, 'threat', id, linkTo))) : null],
      ['In control sets', sets.join('; ') || null],
      ['NCSC/CISA guidelines', cat.guidelinesOf.get(c.id)?.join('; ') ?? null],
      ['Also known as', joined(aliasList(c))],
      ['References', referenceList(c)],
      ['Notes', c.notes],
      ...overlayFacts(cat, c),
    ]),
    c.overlay
      ? h('p', { className: 'links' }, `Added by ${cat.data.overlay?.name ?? 'your organisation'}`, c.url ? [': ', externalLink(c.url, 'read the policy', c.name)] : '.')
      : h('p', { className: 'links' }, externalLink(c.url, 'Read on the AI Exchange', c.name)),
  );
}
