/// `/console/executions`: the filter form, the table, the link to older executions, and the
/// checkboxes that pick two executions to compare.
enum ExecutionsTemplate {
  static let text = """
    {{<layout}}
    {{$title}}Executions · sonarflow console{{/title}}
    {{$main}}
    <h1>Executions</h1>
    <form class="filter" method="get" action="/console/executions" id="filter">
    {{>filter-subject}}
    <label>Status <select name="status">
    <option value="">any</option>
    {{#statuses}}<option value="{{value}}"{{#isSelected}} selected{{/isSelected}}>{{value}}</option>{{/statuses}}
    </select></label>
    {{>filter-period}}
    <a href="/console/executions">Clear</a>
    </form>
    {{#problems}}<p class="problem">{{.}}</p>{{/problems}}
    <form method="get" action="/console/compare" id="compare">
    <div {{#isFirstPage}}data-live="all"{{/isFirstPage}} id="executions">
    {{#hasRows}}
    <table class="executions">
    <thead><tr><th></th><th>Status</th><th>Scenario</th><th>Trigger</th><th>Started (UTC)</th><th>Duration</th><th>Operations</th><th>Data</th></tr></thead>
    <tbody>
    {{#rows}}
    <tr class="status-{{status}}" data-id="{{id}}">
    <td><input type="checkbox" name="id" value="{{id}}" aria-label="compare"></td>
    <td><span class="status">{{status}}</span>{{#isReplay}} <span class="tag">replay</span>{{/isReplay}}{{#retry}}<br><small class="retry">{{.}}</small>{{/retry}}</td>
    <td><a href="{{href}}">{{scenario}}</a></td>
    <td>{{trigger}}</td>
    <td>{{started}}</td>
    <td>{{duration}}</td>
    <td class="number">{{operations}}</td>
    <td class="number">{{dataSize}}</td>
    </tr>
    {{/rows}}
    </tbody>
    </table>
    {{/hasRows}}
    {{^hasRows}}<p class="empty">No executions match.</p>{{/hasRows}}
    </div>
    <p class="actions"><button type="submit">Compare the two selected</button>
    {{#olderHref}}<a class="older" id="older" href="{{.}}">Older executions →</a>{{/olderHref}}</p>
    </form>
    {{/main}}
    {{/layout}}
    """
}
