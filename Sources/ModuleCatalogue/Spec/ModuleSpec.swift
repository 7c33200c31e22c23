/// Everything sonarflow knows about one module: its name in scenario files, what it is, what it
/// takes and what it outputs. The same value drives parsing, `validate`, `schema`, `modules` and
/// the docs.
package struct ModuleSpec: Sendable, Hashable {
  /// The name used in scenario files, such as `sonar.sendMessage`.
  package var name: String
  /// The module's title in Make, such as `Send a Message`.
  package var label: String
  /// The app the module belongs to in Make (`Sonar`, `Flow Control`, `Tools`, `HTTP`, `JSON`, `Webhooks`).
  package var app: String
  package var kind: ModuleKind
  package var summary: String
  /// Static settings under `params`, fixed when the scenario loads.
  package var params: [FieldSpec]
  /// Input fields under `map`, filled per bundle.
  package var fields: [FieldSpec]
  /// Groups of fields of which at least one must be given (Send a Message: text or media URL).
  package var requiresOneOf: [[String]]
  package var output: OutputShape
  /// For Sonar watch triggers: the webhook event registered with Sonar (`customer_created`).
  package var sonarEvent: String?
  /// For Sonar modules: the API call made, for docs (`POST /messages`).
  package var apiCall: String?
  /// Who does the module's work and how long it may take: the engine compiles it, `serve` and
  /// `run` install a runner for every module that needs one.
  package var runtime: ModuleRuntime

  package init(
    name: String, label: String, app: String, kind: ModuleKind, runtime: ModuleRuntime, summary: String,
    params: [FieldSpec] = [],
    fields: [FieldSpec] = [], requiresOneOf: [[String]] = [], output: OutputShape, sonarEvent: String? = nil,
    apiCall: String? = nil
  ) {
    self.name = name
    self.label = label
    self.app = app
    self.kind = kind
    self.summary = summary
    self.params = params
    self.fields = fields
    self.requiresOneOf = requiresOneOf
    self.output = output
    self.sonarEvent = sonarEvent
    self.apiCall = apiCall
    self.runtime = runtime
  }

  package func field(named name: String) -> FieldSpec? { fields.first { $0.name == name } }
  package func param(named name: String) -> FieldSpec? { params.first { $0.name == name } }
}
