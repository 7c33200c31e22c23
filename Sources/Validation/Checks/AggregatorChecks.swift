import ModuleCatalogue
import ScenarioModel

/// An aggregator's `source` must be a module that runs before it on its path.
struct AggregatorChecks: ValidationPass {
  func check(_ context: ValidationContext) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for module in context.scenario.allModules {
      guard let spec = context.catalogue[module.module.value], spec.kind == .aggregator else { continue }
      guard let entry = module.params?.entry("source"), let scalar = entry.value.scalar,
        case .int(let source) = scalar.resolved
      else { continue }
      if !context.runsBefore(source, module.id.value) {
        let upstream = context.upstream(of: module.id.value)
        let known = context.moduleNames[source] != nil
        diagnostics.append(
          Diagnostic(
            id: "aggregator.sourceNotUpstream", location: scalar.location,
            message: known
              ? "source module \(source) does not run before aggregator \(module.id.value) on its path"
              : "source module \(source) does not exist",
            fixHint:
              "Set 'source' to the id of an iterator or search before this module: \(ValidationContext.list(upstream))."
          ))
      }
    }
    return diagnostics
  }
}
