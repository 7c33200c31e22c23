/// The module `sonarflow import make` writes for a Make module of an app sonarflow does not run.
///
/// It keeps the Make module's name, parameters and mapper under the module's `make:` key so that
/// `sonarflow export make` writes it back unchanged; `validate` refuses it (`module.makeUnsupported`),
/// so a scenario holding one never runs.
package enum MakeModuleSpecs {
  package static let unsupportedName = "make.unsupported"

  package static let all: [ModuleSpec] = [
    ModuleSpec(
      name: unsupportedName, label: "Unsupported Make module", app: "Make import", kind: .action, runtime: .none,
      summary:
        "A module of a Make app sonarflow does not run, kept by `sonarflow import make` for export; validate reports it until it is replaced (with http.request) or removed.",
      output: .dynamic)
  ]
}
