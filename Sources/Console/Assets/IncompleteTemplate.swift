/// `/console/incomplete`: the filter form, a notice after an action, the table of incomplete
/// executions with Resume and Delete on each row, and the bulk actions on the filtered set.
enum IncompleteTemplate {
  static let text = """
    {{<layout}}
    {{$title}}Incomplete executions · sonarflow console{{/title}}
    {{$main}}
    <h1>Incomplete executions</h1>
    <form class="filter" method="get" action="/console/incomplete" id="filter">
    {{>filter-subject}}
    {{>filter-period}}
    <a href="/console/incomplete">Clear</a>
    </form>
    {{#problems}}<p class="problem">{{.}}</p>{{/problems}}
    {{#notice}}<p class="notice" id="notice">{{.}}{{#noticeHref}} <a href="{{.}}">Open the execution</a>{{/noticeHref}}</p>{{/notice}}
    {{#hasRows}}
    <table class="executions incomplete">
    <thead><tr><th>Scenario</th><th>Started (UTC)</th><th>Stopped at</th><th>Error</th><th>Attempts</th><th>Next</th><th></th></tr></thead>
    <tbody>
    {{#rows}}
    <tr class="status-incomplete" data-id="{{id}}">
    <td><a href="{{href}}">{{scenario}}</a></td>
    <td>{{started}}</td>
    <td>{{#module}}{{.}}{{/module}}{{#location}}<br><small>{{.}}</small>{{/location}}</td>
    <td><span class="status">{{errorType}}</span><br><small class="message">{{errorMessage}}</small></td>
    <td>{{attempts}}</td>
    <td class="next{{#isQueued}} queued{{/isQueued}}">{{next}}</td>
    <td class="row-actions">
    <form method="post" action="{{resumeAction}}" class="resume"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Resume</button></form>
    <form method="post" action="{{deleteAction}}" class="delete"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Delete</button></form>
    </td>
    </tr>
    {{/rows}}
    </tbody>
    </table>
    <form method="get" action="/console/incomplete/confirm" id="bulk" class="actions">
    {{#filterFields}}<input type="hidden" name="{{name}}" value="{{value}}">{{/filterFields}}
    <button type="submit" name="action" value="resume" id="bulk-resume">Resume all that match…</button>
    <button type="submit" name="action" value="delete" id="bulk-delete">Delete all that match…</button>
    </form>
    {{/hasRows}}
    {{^hasRows}}<p class="empty">No incomplete executions match.</p>{{/hasRows}}
    {{#olderHref}}<p class="actions"><a class="older" id="older" href="{{.}}">Older incomplete executions →</a></p>{{/olderHref}}
    {{/main}}
    {{/layout}}
    """
}
