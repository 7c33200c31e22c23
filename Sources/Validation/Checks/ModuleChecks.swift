import Foundation
import ModuleCatalogue
import ScenarioModel

/// Module names, trigger placement, schedules, and every `params`/`map` field against the catalogue.
struct ModuleChecks: ValidationPass {
  func check(_ context: ValidationContext) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let catalogue = context.catalogue
    let trigger = context.scenario.trigger

    // The trigger.
    if trigger.module.value == MakeModuleSpecs.unsupportedName {
      diagnostics.append(Self.unsupportedMakeModule(trigger.module, make: trigger.make))
    } else if let spec = catalogue[trigger.module.value] {
      if !spec.kind.isTrigger {
        diagnostics.append(
          Diagnostic(
            id: "module.notATrigger", location: trigger.module.location,
            message: "'\(spec.name)' is \(article(spec.kind.label)), not a trigger",
            fixHint:
              "Start the scenario with a trigger such as 'sonar.watchNewCustomer' or 'webhook.custom'; move '\(spec.name)' into 'flow'."
          ))
      } else {
        diagnostics += FieldChecks.check(
          params: trigger.params, of: spec, moduleLocation: trigger.location, context: "trigger '\(spec.name)'")
        diagnostics += checkSchedule(trigger, spec)
      }
    } else {
      var hints: [String: String] = [:]
      diagnostics.append(unknownModule(trigger.module, candidates: catalogue.triggers.map(\.name), hints: &hints))
    }

    diagnostics += modulesAfterRouters(context.scenario.flow)

    // The flow. A misspelt name is usually repeated: its hint is worked out once.
    let flowNames = catalogue.flowModules.map(\.name)
    var hints: [String: String] = [:]
    for module in context.scenario.allModules {
      if module.module.value == MakeModuleSpecs.unsupportedName {
        diagnostics.append(Self.unsupportedMakeModule(module.module, make: module.make))
        continue
      }
      guard let spec = catalogue[module.module.value] else {
        diagnostics.append(unknownModule(module.module, candidates: flowNames, hints: &hints))
        continue
      }
      if spec.kind.isTrigger {
        diagnostics.append(
          Diagnostic(
            id: "module.triggerInFlow", location: module.module.location,
            message: "'\(spec.name)' is a trigger and can only be the scenario's 'trigger'",
            fixHint: "A scenario has one trigger (module 1); use it under 'trigger:' and remove it from 'flow'."))
        continue
      }
      let label = "module \(module.id.value) ('\(spec.name)')"
      diagnostics += FieldChecks.check(params: module.params, of: spec, moduleLocation: module.location, context: label)
      diagnostics += FieldChecks.check(map: module.map, of: spec, moduleLocation: module.location, context: label)
    }
    return diagnostics
  }

  /// A router ends its path (as in Make): modules listed after it in the same list never run.
  private func modulesAfterRouters(_ modules: [FlowModule]) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    if let routerIndex = modules.firstIndex(where: { $0.module.value == "flow.router" }),
      routerIndex + 1 < modules.count
    {
      let router = modules[routerIndex]
      let next = modules[routerIndex + 1]
      diagnostics.append(
        Diagnostic(
          id: "module.afterRouter", location: next.location,
          message:
            "module \(next.id.value) comes after router \(router.id.value), and a router ends its path, so it never runs",
          fixHint: "Move module \(next.id.value) into the 'flow' of one of the router's routes."))
    }
    for module in modules {
      for route in module.routes { diagnostics += modulesAfterRouters(route.flow) }
      if let handler = module.onError { diagnostics += modulesAfterRouters(handler.flow) }
    }
    return diagnostics
  }

  private func checkSchedule(_ trigger: Trigger, _ spec: ModuleSpec) -> [Diagnostic] {
    switch (spec.kind, trigger.schedule) {
    case (.pollingTrigger, nil) where !trigger.isScheduleWritten:
      // A schedule that is written but invalid has its own error; "needs a schedule" would repeat it.
      return [
        Diagnostic(
          id: "module.missingSchedule", location: trigger.module.location,
          message: "polling trigger '\(spec.name)' needs a 'schedule'",
          fixHint: "Add 'schedule: {every: 15m}' or 'schedule: {cron: \"*/5 * * * *\"}' to the trigger.")
      ]
    case (.instantTrigger, .some):
      return [
        Diagnostic(
          id: "module.unusedSchedule", location: trigger.location,
          message: "instant trigger '\(spec.name)' runs when its webhook is called and takes no 'schedule'",
          fixHint: "Remove 'schedule'; only polling triggers such as http.watch run on a schedule.")
      ]
    default:
      return []
    }
  }

  /// A module `sonarflow import make` could not map: says which Make app and module it was.
  private static func unsupportedMakeModule(_ name: Located<String>, make: YAMLMapping?) -> Diagnostic {
    let makeName = make?["module"]?.scalar?.value ?? "?"
    let app = makeName.split(separator: ":").first.map(String.init) ?? makeName
    return Diagnostic(
      id: "module.makeUnsupported", location: name.location,
      message: "Make module '\(makeName)' (app '\(app)') was imported as unsupported: sonarflow cannot run it here",
      fixHint:
        "Replace it with http.request calling the app's API, or remove it (the import report says why it is unsupported); `sonarflow export make` writes it back to Make unchanged from its 'make:' key."
    )
  }

  private func unknownModule(
    _ name: Located<String>, candidates: [String], hints: inout [String: String]
  ) -> Diagnostic {
    let hint =
      hints[name.value]
      ?? Suggestion.didYouMean(name.value, in: candidates) ?? "Run 'sonarflow modules' to list the modules."
    hints[name.value] = hint
    return Diagnostic(
      id: "module.unknown", location: name.location, message: "unknown module '\(name.value)'", fixHint: hint)
  }

  private func article(_ word: String) -> String {
    let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
    return (word.first.map { vowels.contains($0) } ?? false) ? "an \(word)" : "a \(word)"
  }
}
