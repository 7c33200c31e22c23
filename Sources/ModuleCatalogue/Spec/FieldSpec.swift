/// One input field of a module (`map`) or one static setting (`params`).
package struct FieldSpec: Sendable, Hashable {
  /// The key in scenario files: the lower-camel-case of Make's label (`phoneNumber`).
  package var name: String
  /// Make's label (`Phone Number`).
  package var label: String
  package var type: FieldType
  /// Bold in Make: the module cannot run without it.
  package var isRequired: Bool
  package var help: String
  /// The value used when the field is left out, as scenario text.
  package var defaultValue: String?
  /// Whether the field may hold a `{{…}}` mapping template. Static settings such as `webhookName`
  /// are fixed when the scenario loads.
  package var allowsTemplate: Bool

  package init(
    _ name: String, _ label: String, _ type: FieldType, required: Bool = false, help: String,
    default defaultValue: String? = nil, allowsTemplate: Bool = true
  ) {
    self.name = name
    self.label = label
    self.type = type
    self.isRequired = required
    self.help = help
    self.defaultValue = defaultValue
    self.allowsTemplate = allowsTemplate
  }
}
