/// The filter fields the executions list and the incomplete executions share, as two partials:
/// `filter-subject` (the search and the scenario) and `filter-period` (from, until, and the
/// submit button); a page puts its own fields between them.
enum FilterTemplate {
  static let subject = """
    <label>Search <input type="search" name="q" value="{{search}}" placeholder="+13105551234, an order id…"></label>
    <label>Scenario <input type="text" name="scenario" value="{{scenario}}"></label>
    """

  static let period = """
    <label>From (UTC) <input type="text" name="from" value="{{fromText}}" placeholder="2026-12-01T10:00"></label>
    <label>Until (UTC) <input type="text" name="until" value="{{untilText}}" placeholder="2026-12-02"></label>
    <button type="submit">Filter</button>
    """
}
