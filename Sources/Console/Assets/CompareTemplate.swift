/// `/console/compare`: two execution ids in, the differences step by step out.
enum CompareTemplate {
  static let text = """
    {{<layout}}
    {{$title}}Compare · sonarflow console{{/title}}
    {{$main}}
    <h1>Compare two executions</h1>
    <form class="filter" method="get" action="/console/compare">
    <label>First <input type="text" name="a" value="{{a}}" size="40"></label>
    <label>Second <input type="text" name="b" value="{{b}}" size="40"></label>
    <button type="submit">Compare</button>
    </form>
    {{#problems}}<p class="problem">{{.}}</p>{{/problems}}
    {{#isCompared}}
    <table class="executions">
    <thead><tr><th></th><th>Status</th><th>Scenario</th><th>Started (UTC)</th><th>Operations</th></tr></thead>
    <tbody>
    {{#before}}<tr><td>first</td><td>{{status}}</td><td><a href="{{href}}">{{scenario}}</a> <small>{{id}}</small></td><td>{{started}}</td><td class="number">{{operations}}</td></tr>{{/before}}
    {{#after}}<tr><td>second</td><td>{{status}}</td><td><a href="{{href}}">{{scenario}}</a> <small>{{id}}</small></td><td>{{started}}</td><td class="number">{{operations}}</td></tr>{{/after}}
    </tbody>
    </table>
    {{^hasDifferences}}<p class="same" id="no-differences">The two executions do not differ.</p>{{/hasDifferences}}
    {{#executionChanges}}
    <section class="change"><h3>Execution {{part}}</h3>
    <div class="sides"><pre class="json before">{{before}}</pre><pre class="json after">{{after}}</pre></div></section>
    {{/executionChanges}}
    {{#steps}}
    <section class="step"><h3>Module {{moduleID}} · {{moduleName}}, operation {{occurrence}} <small>(#{{beforeSequence}} → #{{afterSequence}})</small></h3>
    {{#changes}}
    <h4>{{part}}{{#hasPath}} at {{path}}{{/hasPath}}</h4>
    <div class="sides"><pre class="json before">{{before}}</pre><pre class="json after">{{after}}</pre></div>
    {{/changes}}
    </section>
    {{/steps}}
    {{/isCompared}}
    {{/main}}
    {{/layout}}
    """
}
