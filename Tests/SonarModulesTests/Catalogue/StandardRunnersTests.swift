import Engine
import ModuleCatalogue
import SonarAPI
import SonarModules
import Testing

@Suite struct StandardRunnersTests {
  /// A module whose definition needs a runner but has none would be accepted by `validate` and
  /// fail at run time; a runner for a module no definition names would never run.
  @Test(arguments: [true, false])
  func thereIsARunnerForEveryModuleThatNeedsOneAndNoOther(withToken: Bool) {
    let client = withToken ? SonarClient(token: "t", environment: .live) : nil
    let runners = StandardRunners.make(
      sonar: client, tokenVariable: "SONAR_TOKEN", httpClient: SonarClient.sharedHTTPClient)
    let needing = ModuleCatalogue.standard.modules.filter(\.runtime.needsRunner).map(\.name)
    #expect(runners.names == needing.sorted())
  }
}
