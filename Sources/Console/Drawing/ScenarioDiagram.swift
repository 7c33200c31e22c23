import History
import ScenarioModel

/// A scenario drawn as Make draws it, for an SVG template: the trigger and the modules left to
/// right, a router's routes branching below one another with their names, error-handler routes
/// dashed below the module they handle, and a bubble over each module counting its operations.
///
/// Only numbers are computed here (positions and path data); every text goes to the template as
/// plain text, which escapes it.
struct ScenarioDiagram: Sendable {
  /// A module (or an error handler's directive). Every value a template reads is stored:
  /// Mustache finds a value's properties by reflection, which sees stored properties only.
  struct Node: Sendable {
    /// nil for an error handler's directive (`ignore`, `break`, …), which is not a module.
    var moduleID: Int?
    var title: String
    var label: String
    var x: Int
    var y: Int
    var operations: Int
    var errors: Int
    /// The anchor of the module's operations (empty without operations).
    var href: String
    var hasOperations: Bool
    var hasErrors: Bool
    var isDirective: Bool
    var idText: String
    var bubbleX: Int
    var bubbleY: Int
    var bubbleTextY: Int
    var titleY: Int
    var labelY: Int
    var textY: Int

    init(moduleID: Int?, title: String, label: String, x: Int, y: Int, operations: Int, errors: Int, href: String) {
      self.moduleID = moduleID
      self.title = title
      self.label = label
      self.x = x
      self.y = y
      self.operations = operations
      self.errors = errors
      self.href = href
      hasOperations = operations > 0
      hasErrors = errors > 0
      isDirective = moduleID == nil
      idText = moduleID.map(String.init) ?? ""
      bubbleX = x + 24
      bubbleY = y - 24
      bubbleTextY = y - 20
      titleY = y + 48
      labelY = y + 62
      textY = y + 5
    }
  }

  struct Edge: Sendable {
    /// SVG path data (numbers only).
    var path: String
    var isErrorRoute: Bool
    var label: String?
    var labelX: Int
    var labelY: Int
  }

  var nodes: [Node] = []
  var edges: [Edge] = []
  var width = 0
  var height = 0

  static let radius = 30
  private static let columnWidth = 170
  private static let rowHeight = 130
  private static let margin = 90

  /// Operations and errors per module id.
  struct Counts: Sendable {
    var operations: [Int: Int] = [:]
    var errors: [Int: Int] = [:]

    init(_ operations: [OperationRecord]) {
      for operation in operations {
        self.operations[operation.moduleID, default: 0] += 1
        if operation.error != nil { errors[operation.moduleID, default: 0] += 1 }
      }
    }
  }

  private init() {}

  /// The scenario's structure.
  init(scenario: Scenario, counts: Counts) {
    var builder = Builder(counts: counts)
    let trigger = builder.add(
      moduleID: Trigger.id, title: scenario.trigger.module.value, label: scenario.trigger.name, column: 0, row: 0)
    builder.place(scenario.flow, column: 1, row: 0, from: trigger, firstLabel: nil, isErrorRoute: false)
    self = builder.diagram
  }

  /// Without the scenario file: the modules the operations name, in one row by id.
  init(operations: [OperationRecord], trigger: String, counts: Counts) {
    var builder = Builder(counts: counts)
    var names: [Int: String] = [:]
    for operation in operations where names[operation.moduleID] == nil {
      names[operation.moduleID] = operation.moduleName
    }
    if names[Trigger.id] == nil { names[Trigger.id] = trigger }
    var previous: (x: Int, y: Int)?
    for (column, id) in names.keys.sorted().enumerated() {
      let node = builder.add(moduleID: id, title: names[id] ?? "", label: nil, column: column, row: 0)
      if let previous { builder.connect(previous, node, label: nil, isErrorRoute: false) }
      previous = node
    }
    self = builder.diagram
  }

  private struct Builder {
    let counts: Counts
    var diagram = ScenarioDiagram()
    var rows = 1
    var columns = 1

    mutating func add(moduleID: Int?, title: String, label: String?, column: Int, row: Int) -> (x: Int, y: Int) {
      let x = ScenarioDiagram.margin + column * ScenarioDiagram.columnWidth
      let y = ScenarioDiagram.margin + row * ScenarioDiagram.rowHeight
      let operations = moduleID.flatMap { counts.operations[$0] } ?? 0
      diagram.nodes.append(
        Node(
          moduleID: moduleID, title: Self.short(title), label: Self.short(label ?? ""), x: x, y: y,
          operations: operations, errors: moduleID.flatMap { counts.errors[$0] } ?? 0,
          href: operations > 0 ? moduleID.map { "#module-\($0)" } ?? "" : ""))
      columns = max(columns, column + 1)
      rows = max(rows, row + 1)
      diagram.width = ScenarioDiagram.margin * 2 + (columns - 1) * ScenarioDiagram.columnWidth
      diagram.height = ScenarioDiagram.margin + (rows - 1) * ScenarioDiagram.rowHeight + 80
      return (x, y)
    }

    mutating func connect(_ from: (x: Int, y: Int), _ to: (x: Int, y: Int), label: String?, isErrorRoute: Bool) {
      let radius = ScenarioDiagram.radius
      let start = (x: from.x + radius, y: from.y)
      let end = (x: to.x - radius, y: to.y)
      let path =
        start.y == end.y
        ? "M\(start.x) \(start.y) L\(end.x) \(end.y)"
        : "M\(start.x) \(start.y) C\(start.x + 50) \(start.y) \(end.x - 50) \(end.y) \(end.x) \(end.y)"
      diagram.edges.append(
        Edge(
          path: path, isErrorRoute: isErrorRoute, label: label.map { Self.short($0) },
          // Just before the module the edge leads to, where no other edge runs.
          labelX: end.x - 50, labelY: end.y - 10))
    }

    /// Places a flow from `column` on `row`; returns the last column it used.
    @discardableResult
    mutating func place(
      _ flow: [FlowModule], column: Int, row: Int, from: (x: Int, y: Int), firstLabel: String?, isErrorRoute: Bool
    ) -> Int {
      var previous = from
      var column = column
      var label = firstLabel
      var lastColumn = column - 1
      for module in flow {
        let node = add(
          moduleID: module.id.value, title: module.module.value, label: module.name, column: column, row: row)
        connect(previous, node, label: label, isErrorRoute: isErrorRoute)
        label = nil
        lastColumn = column
        if let handler = module.onError {
          let handlerRow = rows
          rows += 1
          let directiveColumn =
            place(
              handler.flow, column: column + 1, row: handlerRow, from: node, firstLabel: "on error",
              isErrorRoute: true) + 1
          let directive = add(
            moduleID: nil, title: handler.directive.value.rawValue, label: nil,
            column: max(directiveColumn, column + 1), row: handlerRow)
          let last = handler.flow.isEmpty ? node : lastPoint(before: directive)
          connect(last, directive, label: handler.flow.isEmpty ? "on error" : nil, isErrorRoute: true)
        }
        if !module.routes.isEmpty {
          var routesEnd = column
          for (index, route) in module.routes.enumerated() {
            let routeRow = index == 0 ? row : rows
            if index > 0 { rows += 1 }
            let name = route.name ?? (route.isFallback ? "fallback" : "route \(index + 1)")
            routesEnd = max(
              routesEnd,
              place(route.flow, column: column + 1, row: routeRow, from: node, firstLabel: name, isErrorRoute: false))
          }
          column = routesEnd
          lastColumn = routesEnd
        }
        previous = node
        column += 1
      }
      return lastColumn
    }

    /// The node added just before `point` (the end of an error handler's flow).
    private func lastPoint(before point: (x: Int, y: Int)) -> (x: Int, y: Int) {
      let nodes = diagram.nodes
      guard nodes.count >= 2 else { return point }
      let node = nodes[nodes.count - 2]
      return (node.x, node.y)
    }

    private static func short(_ text: String) -> String {
      text.count > 22 ? String(text.prefix(21)) + "…" : text
    }
  }
}
