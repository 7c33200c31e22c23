/// Why a blueprint could not be imported, or a scenario exported: the text is made here, once.
package struct BlueprintError: Error, Sendable, Hashable, CustomStringConvertible {
  package var message: String
  package var hint: String?

  package var description: String { message }

  static func invalidJSON(_ detail: String) -> BlueprintError {
    BlueprintError(
      message: "the blueprint is not valid JSON: \(detail)",
      hint: "Export the scenario again from Make (⋯ > Export Blueprint) and pass that file.")
  }

  static func notABlueprint(_ detail: String) -> BlueprintError {
    BlueprintError(
      message: "not a Make blueprint: \(detail)",
      hint:
        "Pass the file Make's Export Blueprint writes ({name, flow, metadata}), an API answer ({response: {blueprint}}) or a template ({blueprint, controller})."
    )
  }

  static func invalidModule(_ path: String, _ detail: String) -> BlueprintError {
    BlueprintError(
      message: "module at \(path) \(detail)", hint: "Every Make module has an integer 'id' and a 'module' name.")
  }

  static func notExportable(_ detail: String) -> BlueprintError {
    BlueprintError(message: detail, hint: nil)
  }
}
