package import Engine
package import SonarAPI

/// The runners of Make's Sonar app, bound to one Sonar client (one token, one environment).
package enum SonarModuleRunners {
  /// The names of the Sonar action modules these runners serve.
  package static let moduleNames = SonarRunner.Operation.allCases.map(\.rawValue)

  /// Runners for every `sonar.*` action module.
  package static func runners(client: SonarClient) -> ModuleRunners {
    let sonar = SonarRunner(client: client)
    var runners = ModuleRunners()
    for name in moduleNames { runners[name] = sonar }
    return runners
  }
}
