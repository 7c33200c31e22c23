import Mustache

/// The console's Mustache templates, compiled once from the string literals in `Assets/`.
struct ConsoleTemplates: Sendable {
  let library: MustacheLibrary

  init() throws {
    var library = MustacheLibrary()
    try library.register(LayoutTemplate.text, named: "layout")
    try library.register(FilterTemplate.subject, named: "filter-subject")
    try library.register(FilterTemplate.period, named: "filter-period")
    try library.register(LoginTemplate.text, named: "login")
    try library.register(ExecutionsTemplate.text, named: "executions")
    try library.register(ExecutionTemplate.text, named: "execution")
    try library.register(CompareTemplate.text, named: "compare")
    try library.register(IncompleteTemplate.text, named: "incomplete")
    try library.register(BulkConfirmTemplate.text, named: "confirm")
    try library.register(ScenariosTemplate.text, named: "scenarios")
    self.library = library
  }

  /// The page `name` for `model`; every `{{…}}` in the templates escapes for HTML.
  func render(_ model: Any, _ name: String) -> String {
    library.render(model, withTemplate: name) ?? ""
  }
}
