/// One module of the flow: a Sonar action, a tool, a router, an iterator or an aggregator.
package struct FlowModule: Sendable, Hashable {
  /// A positive integer, unique in the scenario; mapping refers to the module's output by it.
  package var id: Located<Int>
  package var module: Located<String>
  package var name: String?
  /// Static settings (such as an aggregator's `source`).
  package var params: YAMLMapping?
  /// Field → value or mapping template.
  package var map: YAMLMapping?
  package var filter: Filter?
  package var onError: ErrorHandler?
  /// Only for `flow.router`.
  package var routes: [Route]
  /// What a Make blueprint held that sonarflow does not run (`make:`): kept for export to Make,
  /// no effect on runs (docs/make-import.md).
  package var make: YAMLMapping?
  package var location: SourceLocation

  package init(
    id: Located<Int>, module: Located<String>, name: String? = nil, params: YAMLMapping? = nil,
    map: YAMLMapping? = nil, filter: Filter? = nil, onError: ErrorHandler? = nil, routes: [Route] = [],
    make: YAMLMapping? = nil, location: SourceLocation
  ) {
    self.make = make
    self.id = id
    self.module = module
    self.name = name
    self.params = params
    self.map = map
    self.filter = filter
    self.onError = onError
    self.routes = routes
    self.location = location
  }
}

/// One route of a router: its own filter and flow. The fallback route runs only when no other
/// route's filter passed.
package struct Route: Sendable, Hashable {
  package var name: String?
  package var filter: Filter?
  package var isFallback: Bool
  package var flow: [FlowModule]
  package var location: SourceLocation

  package init(name: String?, filter: Filter?, isFallback: Bool, flow: [FlowModule], location: SourceLocation) {
    self.name = name
    self.filter = filter
    self.isFallback = isFallback
    self.flow = flow
    self.location = location
  }
}
