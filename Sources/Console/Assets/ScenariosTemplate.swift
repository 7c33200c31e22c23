/// `/console/scenarios`: one section per scenario: its state with Enable, hooks, last execution,
/// counts of the last 24 hours and validation diagnostics.
enum ScenariosTemplate {
  static let text = """
    {{<layout}}
    {{$title}}Scenarios · sonarflow console{{/title}}
    {{$main}}
    <h1>Scenarios</h1>
    {{#isFromDatabase}}<p class="note" id="from-database">Scenarios the database knows (their states and recent executions): no scenario files were given, so there are no hooks or diagnostics here. Start <code>sonarflow console</code> with <code>--scenarios PATH</code> to see them.</p>{{/isFromDatabase}}
    {{#knowsFiles}}{{^hasPublicURL}}<p class="note">No public URL is set (<code>--public-url</code>): hooks show their path.</p>{{/hasPublicURL}}{{/knowsFiles}}
    {{#notice}}<p class="notice" id="notice">{{.}}</p>{{/notice}}
    {{^hasRows}}<p class="empty">No scenarios.</p>{{/hasRows}}
    {{#rows}}
    <section class="scenario {{#isActive}}active{{/isActive}}{{^isActive}}deactivated{{/isActive}}" id="{{anchor}}" data-name="{{name}}">
    <h2>{{name}}</h2>
    <dl class="summary">
    {{#file}}<dt>File</dt><dd>{{.}}</dd>{{/file}}
    <dt>State</dt><dd class="state">{{#isActive}}<span class="status status-success">active</span>{{/isActive}}{{^isActive}}<span class="status status-error">deactivated</span> <span class="reason">{{reason}}</span>{{#since}} (since {{.}}){{/since}}
    <form method="post" action="/console/scenarios/enable" class="enable"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}"><button type="submit">Enable</button></form>{{/isActive}}</dd>
    {{#hasHooks}}<dt>Webhooks</dt><dd><ul class="hooks">{{#hooks}}<li><code class="hook-url">{{#url}}{{.}}{{/url}}{{^url}}/hooks/{{name}}/… (no secret yet: serve creates it){{/url}}</code></li>{{/hooks}}</ul></dd>{{/hasHooks}}
    <dt>Last execution</dt><dd>{{#lastHref}}<a class="last" href="{{.}}">{{lastText}}</a>{{/lastHref}}{{^lastHref}}none{{/lastHref}}</dd>
    <dt>Last 24 h</dt><dd class="counts">{{#counts}}<a class="count status-{{status}}" data-status="{{status}}" href="{{href}}"><span class="status">{{status}}</span> {{count}}</a> {{/counts}}{{^hasCounts}}no executions{{/hasCounts}}</dd>
    </dl>
    {{#hasDiagnostics}}
    <ul class="diagnostics">
    {{#diagnostics}}<li class="diagnostic {{severity}}"><code>{{location}}</code>: <span class="severity">{{severity}}</span>: {{message}}{{#hint}}<br><small>{{.}}</small>{{/hint}}</li>{{/diagnostics}}
    </ul>
    {{/hasDiagnostics}}
    </section>
    {{/rows}}
    {{/main}}
    {{/layout}}
    """
}
