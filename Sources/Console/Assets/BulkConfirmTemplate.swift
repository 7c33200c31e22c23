/// `/console/incomplete/confirm`: the count of incomplete executions the filter matches and the
/// form that confirms the action on them.
enum BulkConfirmTemplate {
  static let text = """
    {{<layout}}
    {{$title}}Confirm · sonarflow console{{/title}}
    {{$main}}
    <h1 id="question">{{question}}</h1>
    {{#filterText}}<p class="note">Incomplete executions {{.}}.</p>{{/filterText}}
    {{#isTruncated}}<p class="note">More match: this acts on the newest {{count}}; confirm again for the rest.</p>{{/isTruncated}}
    {{#problems}}<p class="problem">{{.}}</p>{{/problems}}
    {{#hasMatches}}
    <form method="post" action="/console/incomplete/bulk" id="confirm" class="actions">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="action" value="{{action}}">
    <input type="hidden" name="expected" value="{{count}}">
    {{#filterFields}}<input type="hidden" name="{{name}}" value="{{value}}">{{/filterFields}}
    <button type="submit">Yes, {{action}} {{count}}</button>
    <a href="{{cancelHref}}">Cancel</a>
    </form>
    {{/hasMatches}}
    {{^hasMatches}}<p><a href="{{cancelHref}}">Back to the incomplete executions</a></p>{{/hasMatches}}
    {{/main}}
    {{/layout}}
    """
}
