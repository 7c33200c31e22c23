/// `/console/executions/{id}`: summary, the scenario as SVG with a bubble per module, each
/// module's operations as collapsible JSON, and the timeline.
enum ExecutionTemplate {
  static let text = """
    {{<layout}}
    {{$title}}Execution {{execution.id}} · sonarflow console{{/title}}
    {{$main}}
    <div {{#liveID}}data-live="{{.}}"{{/liveID}} id="execution">
    {{#execution}}
    <h1><span class="status status-{{status}}">{{status}}</span> {{scenario}}</h1>
    <dl class="summary">
    <dt>Execution</dt><dd id="execution-id">{{id}}</dd>
    <dt>Trigger</dt><dd>{{trigger}}</dd>
    <dt>Started (UTC)</dt><dd>{{started}}</dd>
    <dt>Duration</dt><dd>{{duration}}</dd>
    <dt>Operations</dt><dd>{{operations}}</dd>
    <dt>Data</dt><dd>{{dataSize}}</dd>
    {{#retry}}<dt>Retry</dt><dd>{{.}}</dd>{{/retry}}
    {{/execution}}
    {{#parentID}}<dt>Runs again</dt><dd><a href="{{parentHref}}">{{.}}</a> · <a href="{{compareWithParentHref}}">compare</a></dd>{{/parentID}}
    </dl>
    {{#error}}
    <section class="error" id="execution-error">
    <h2>{{type}}</h2>
    <p class="message">{{message}}</p>
    {{#hasLocation}}<p class="location">at {{location}}</p>{{/hasLocation}}
    </section>
    {{/error}}
    <h2>Scenario</h2>
    {{#diagramNote}}<p class="note" id="diagram-note">{{.}}</p>{{/diagramNote}}
    {{#diagram}}
    <svg class="diagram" xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="scenario">
    {{#edges}}
    <path class="edge{{#isErrorRoute}} error-route{{/isErrorRoute}}" d="{{path}}"/>
    {{#label}}<text class="route-label" x="{{labelX}}" y="{{labelY}}" text-anchor="middle">{{.}}</text>{{/label}}
    {{/edges}}
    {{#nodes}}
    <g class="node{{#hasErrors}} has-errors{{/hasErrors}}{{#isDirective}} directive{{/isDirective}}" data-module="{{idText}}">
    {{#hasOperations}}<a href="{{href}}">{{/hasOperations}}
    <circle cx="{{x}}" cy="{{y}}" r="30"/>
    <text class="module-id" x="{{x}}" y="{{textY}}" text-anchor="middle">{{idText}}</text>
    <text class="module-title" x="{{x}}" y="{{titleY}}" text-anchor="middle">{{title}}</text>
    <text class="module-label" x="{{x}}" y="{{labelY}}" text-anchor="middle">{{label}}</text>
    {{#hasOperations}}
    <circle class="bubble" cx="{{bubbleX}}" cy="{{bubbleY}}" r="13"/>
    <text class="bubble-count" x="{{bubbleX}}" y="{{bubbleTextY}}" text-anchor="middle">{{operations}}</text>
    {{/hasOperations}}
    {{#hasOperations}}</a>{{/hasOperations}}
    </g>
    {{/nodes}}
    </svg>
    {{/diagram}}
    <h2>Operations</h2>
    {{^hasOperations}}<p class="empty">No operations recorded.</p>{{/hasOperations}}
    {{{modulesHTML}}}
    {{#hasOperations}}
    <h2>Timeline</h2>
    <table class="timeline">
    <thead><tr><th>#</th><th>Module</th><th>Duration</th><th></th></tr></thead>
    <tbody>
    {{{timelineHTML}}}
    </tbody>
    </table>
    {{/hasOperations}}
    </div>
    {{/main}}
    {{/layout}}
    """
}
