/// The set of modules a scenario may use, looked up by name. A value passed to whoever needs it,
/// not a registry filled by side effects.
package struct ModuleCatalogue: Sendable {
  package let modules: [ModuleSpec]
  private let index: [String: Int]

  package init(_ modules: [ModuleSpec]) {
    self.modules = modules
    var index: [String: Int] = [:]
    for (position, module) in modules.enumerated() { index[module.name] = position }
    self.index = index
  }

  /// Every module sonarflow ships: the Sonar app and the built-ins.
  package static let standard = ModuleCatalogue(
    SonarModuleSpecs.all + BuiltinModuleSpecs.all + MakeModuleSpecs.all + DataStoreModuleSpecs.all)

  package subscript(name: String) -> ModuleSpec? {
    index[name].map { modules[$0] }
  }

  package var names: [String] { modules.map(\.name) }

  package var triggers: [ModuleSpec] { modules.filter { $0.kind.isTrigger } }

  package var flowModules: [ModuleSpec] { modules.filter { !$0.kind.isTrigger } }
}
