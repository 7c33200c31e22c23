/// `/console/assets/console.css`.
enum ConsoleStylesheet {
  static let text = """
    :root { --ink: #1d2330; --muted: #6b7280; --line: #d9dde5; --accent: #6d28d9; --bad: #c62828;
      --warn: #b26a00; --good: #2e7d32; font-family: system-ui, sans-serif; color: var(--ink); }
    body { margin: 0; background: #f6f7fb; }
    header.top { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.2rem; background: #fff;
      border-bottom: 1px solid var(--line); }
    header.top .brand { font-weight: 700; color: var(--accent); text-decoration: none; }
    header.top nav a { margin-right: 1rem; color: var(--ink); }
    header.top .logout { margin-left: auto; }
    main { padding: 1rem 1.2rem; }
    div.login { max-width: 22rem; margin: 4rem auto; background: #fff; border: 1px solid var(--line);
      border-radius: 8px; padding: 1.5rem; }
    div.login input { display: block; width: 100%; margin: .4rem 0 1rem; padding: .4rem; box-sizing: border-box; }
    form.filter { display: flex; flex-wrap: wrap; gap: .8rem; align-items: end; margin-bottom: 1rem; }
    form.filter label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
    table { border-collapse: collapse; background: #fff; width: 100%; }
    th, td { border-bottom: 1px solid var(--line); padding: .35rem .6rem; text-align: left; font-size: .9rem; }
    td.number { text-align: right; font-variant-numeric: tabular-nums; }
    .status { font-weight: 600; }
    .status-success .status, .status.status-success { color: var(--good); }
    .status-error .status, .status.status-error, .status-interrupted .status { color: var(--bad); }
    .status-warning .status, .status-incomplete .status, .status.status-warning,
      .status.status-incomplete { color: var(--warn); }
    .status-running .status, .status.status-running { color: var(--accent); }
    .tag { font-size: .75rem; border: 1px solid var(--line); border-radius: 4px; padding: 0 .3rem; }
    .problem, section.error, p.error { color: var(--bad); }
    .note { color: var(--muted); font-style: italic; }
    dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
    dl.summary dt { color: var(--muted); }
    svg.diagram { background: #fff; border: 1px solid var(--line); border-radius: 8px; max-width: 100%;
      height: auto; }
    svg.diagram .edge { fill: none; stroke: #9aa3b5; stroke-width: 2; }
    svg.diagram .edge.error-route { stroke: var(--bad); stroke-dasharray: 6 4; }
    svg.diagram .node circle { fill: #ede9fe; stroke: var(--accent); stroke-width: 2; }
    svg.diagram .node.has-errors > a > circle:first-child, svg.diagram .node.has-errors > circle:first-child {
      stroke: var(--bad); fill: #fdecea; }
    svg.diagram .node.directive circle { fill: #fff; stroke: var(--muted); stroke-dasharray: 3 3; }
    svg.diagram .node circle.bubble { fill: var(--accent); stroke: #fff; }
    svg.diagram .node.has-errors circle.bubble { fill: var(--bad); }
    svg.diagram text { font-size: 11px; fill: var(--ink); }
    svg.diagram .module-id { font-size: 14px; font-weight: 700; }
    svg.diagram .bubble-count { fill: #fff; font-weight: 700; }
    svg.diagram .route-label { fill: var(--muted); font-style: italic; }
    section.module { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .4rem .8rem;
      margin-bottom: .8rem; }
    details.operation { border-top: 1px solid var(--line); padding: .3rem 0; }
    details.operation.failed > summary { color: var(--bad); }
    details details { margin-left: 1.2rem; }
    pre.json { background: #f3f4f8; padding: .5rem; overflow: auto; max-height: 30rem; white-space: pre-wrap;
      word-break: break-word; }
    svg.bar rect { fill: var(--accent); }
    tr.failed svg.bar rect { fill: var(--bad); }
    .sides { display: grid; grid-template-columns: 1fr 1fr; gap: .6rem; }
    pre.before { border-left: 3px solid var(--bad); }
    pre.after { border-left: 3px solid var(--good); }
    .actions { display: flex; gap: 1rem; align-items: center; }
    p.notice { background: #ede9fe; border: 1px solid var(--accent); border-radius: 6px; padding: .5rem .8rem; }
    td.row-actions form { display: inline; }
    td.next.queued { color: var(--accent); font-weight: 600; }
    section.scenario { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .4rem 1rem;
      margin-bottom: 1rem; }
    section.scenario.deactivated { border-left: 4px solid var(--bad); }
    section.scenario h2 { font-size: 1.1rem; }
    form.enable { display: inline; margin-left: .8rem; }
    ul.hooks { margin: 0; padding-left: 1rem; }
    code.hook-url { word-break: break-all; }
    dd.counts a { margin-right: .6rem; text-decoration: none; }
    ul.diagnostics { padding-left: 1rem; }
    li.diagnostic.error .severity { color: var(--bad); font-weight: 600; }
    li.diagnostic.warning .severity { color: var(--warn); font-weight: 600; }
    """
}
