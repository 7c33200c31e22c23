import Engine
import Expressions

/// Stands in for the Sonar modules when no token is set, so the first Sonar module fails with a
/// message that says which variable to set (and scenarios without Sonar modules still run).
struct MissingTokenRunner: ModuleRunner {
  let variable: String

  static func runners(variable: String) -> ModuleRunners {
    var runners = ModuleRunners()
    for name in SonarModuleRunners.moduleNames { runners[name] = MissingTokenRunner(variable: variable) }
    return runners
  }

  func run(_ input: ModuleInput, context: ModuleContext) async throws(ModuleError) -> [Value] {
    throw ModuleError(
      .invalidAccessTokenError,
      "no Sonar token: set the environment variable \(variable) (the scenario's connection.tokenEnv), or run with --emulator"
    )
  }
}
