// Markdown for the command's `catalog` and `questions` subcommands: the catalog and the
// questionnaire as documents a person can read, review or paste into a wiki.

/** Markdown text is data: keep its characters from being read as formatting. */
const md = (text) => String(text).replace(/([\\`*_[\]<>|#])/g, '\\$1');
const link = (text, url) => `[${md(text)}](${url})`;

/** The whole catalog: impacts, every threat under its section and group, every control by group. */
export function catalogMarkdown(catalog) {
  const out = [];
  const line = (text = '') => out.push(text);
  const threat = new Map(catalog.threats.map((t) => [t.id, t]));
  const control = new Map(catalog.controls.map((c) => [c.id, c]));
  const impact = new Map(catalog.impacts.map((i) => [i.id, i]));
  const names = (ids, from) => ids.map((id) => (from.has(id) ? link(from.get(id).name, from.get(id).url) : md(id))).join(', ');

  line(`# ${md(catalog.title)} (catalog ${catalog.version})`);
  line();
  line(`From ${link(catalog.source.name, catalog.source.url)}, read at commit ${catalog.source.commit.slice(0, 7)} (${catalog.source.date}). ` +
    `${catalog.threats.length} threat entries and ${catalog.controls.length} controls.`);
  line();
  line('## Impacts');
  line();
  for (const i of catalog.impacts) line(`- **${md(i.name)}** (\`${i.id}\`): ${md(i.summary)}`);
  line();
  line('## Threats');
  for (const t of catalog.threats) {
    const depth = t.kind === 'section' ? 3 : t.kind === 'group' ? 4 : 5;
    line();
    line(`${'#'.repeat(depth)} ${t.code} ${md(t.name)} (\`${t.id}\`)`);
    line();
    line(md(t.summary));
    line();
    line(md(t.description));
    line();
    if (t.impacts.length) line(`- Impacts: ${t.impacts.map((id) => md(impact.get(id)?.short ?? id)).join(', ')}`);
    line(`- Lifecycle: ${t.lifecycle}`);
    if (t.controls.length) line(`- Controls: ${names(t.controls, control)}`);
    if (t.aliases?.length) line(`- Also known as: ${t.aliases.map((a) => md(a.name)).join(', ')}`);
    if (t.llmTop10) line(`- OWASP Top 10 for LLM: ${Object.entries(t.llmTop10).map(([year, ids]) => `${year}: ${ids.join(', ')}`).join('; ')}`);
    line(`- ${link('On the AI Exchange', t.url)}`);
  }
  line();
  line('## Controls');
  // Each control once, under the top-level group of its first group.
  const top = (id) => {
    const group = catalog.controlGroups.find((g) => g.id === id);
    return group?.parent ? top(group.parent) : id;
  };
  for (const group of catalog.controlGroups.filter((g) => !g.parent)) {
    const members = catalog.controls.filter((c) => top(c.groups[0]) === group.id);
    if (!members.length) continue;
    line();
    line(`### ${md(group.name)}`);
    for (const c of members) {
      line();
      line(`#### ${md(c.name)} (\`${c.id}\`)`);
      line();
      line(md(c.summary));
      line();
      for (const step of c.does) line(`- ${md(step)}`);
      line();
      line(`Addresses: ${names(c.threats.filter((id) => threat.get(id)?.kind === 'threat'), threat) || 'none directly'}. ${link('On the AI Exchange', c.url)}`);
    }
  }
  line();
  return `${out.join('\n')}\n`;
}

/** The questionnaire: every question with its options, help, and when it is asked. */
export function questionsMarkdown(questions, version) {
  const out = [`# Questionnaire (catalog ${version})`, ''];
  questions.forEach((q, index) => {
    out.push(`## ${index + 1}. ${md(q.text)}`, '', `\`${q.id}\`: ${md(q.help)}`, '');
    for (const o of q.options) out.push(`- \`${o.value}\`: ${md(o.label)}`);
    if (q.askWhen) {
      const when = Object.entries(q.askWhen).map(([question, values]) => `\`${question}\` is ${values.map((v) => `\`${v}\``).join(' or ')}`);
      out.push('', `Asked only when ${when.join(' and ')}; otherwise it counts as \`${q.whenNotAsked}\`.`);
    }
    out.push('');
  });
  return `${out.join('\n')}`;
}
