import DataStoreModules
package import Engine
package import History
package import ScenarioModel
package import SonarAPI

/// The runners sonarflow ships: one for every module whose definition says a runner does its work
/// (``ModuleRuntime/runner(timeout:)``), and none for the rest. `run`, `replay`, `resume` and
/// `serve` all take their engine's runners from here, and a test checks them against the
/// catalogue.
package enum StandardRunners {
  /// The runners, with the Sonar modules on `sonar`, or, without a client (no token), failing with
  /// a message naming `tokenVariable`; the Data store modules on `dataStore` (the history database
  /// the command opened), or, without one, failing with a message asking for `--db`; `http.request`
  /// sends through `httpClient` (replay passes a transport answering from a recording).
  package static func make(
    sonar: SonarClient?, tokenVariable: String, httpClient: any HTTPTransport,
    dataStore: (any DataStoreStore)? = nil, dataStructures: [String: DataStructure] = [:]
  ) -> ModuleRunners {
    var runners = BuiltinRunners.all.merging(DataStoreRunners.runners(store: dataStore, structures: dataStructures))
    runners["http.request"] = HTTPRequestRunner(transport: httpClient)
    if let sonar {
      return runners.merging(SonarModuleRunners.runners(client: sonar))
    }
    return runners.merging(MissingTokenRunner.runners(variable: tokenVariable))
  }
}
