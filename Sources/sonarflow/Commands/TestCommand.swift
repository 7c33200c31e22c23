import ArgumentParser
import Foundation
import ScenarioModel
import ScenarioTesting
import Validation

/// `sonarflow test`: runs scenario test files (`<scenario>.test.yaml`) in this process against the
/// built-in emulator.
struct TestCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test",
    abstract: "Run scenario tests (*.test.yaml) against the built-in Sonar emulator.",
    discussion: """
      Each case gives trigger bundles, the Sonar world before the run, mocks, and what must happen; \
      it runs in this process against an emulator of its own, with `now` fixed so runs repeat \
      (docs/testing.md). Exit status: 0 when every case passes, 1 when one fails, 2 for an invalid \
      test file or scenario, or a wrong command line.
      """
  )

  @Argument(help: "Test files, or folders searched recursively for *.test.yaml.")
  var paths: [String] = ["."]

  @Option(help: "Output format: human, json, junit, github or tap.")
  var format: Format = .human

  @Option(help: "Run only the cases whose name contains this text (case-insensitive).")
  var filter: String?

  @Flag(help: "Report, per scenario, which modules, filters, routes and error handlers the cases exercised.")
  var coverage = false

  @Option(
    name: .customLong("coverage-min"),
    help: "Fail (exit 1) when a scenario's coverage is below this percentage; implies --coverage.")
  var coverageMinimum: Double?

  func validate() throws {
    if let coverageMinimum, !(0...100).contains(coverageMinimum) {
      throw ValidationError("--coverage-min must be a percentage from 0 to 100")
    }
  }

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case human, json, junit, github, tap
  }

  func run() async throws {
    let files: [String]
    do {
      files = try ScenarioTestLoader.discover(paths)
    } catch {
      Output.error("error: \(error.description)\n")
      throw ExitCode(ExitStatus.usage)
    }
    if files.isEmpty {
      Output.error("error: no test files (*.test.yaml) under \(paths.joined(separator: ", "))\n")
      throw ExitCode(ExitStatus.usage)
    }
    var loaded: [ScenarioTestLoader.Loaded] = []
    var invalid = false
    let renderer = HumanRenderer(useColor: Output.isTerminal)
    for path in files {
      switch ScenarioTestLoader.load(path) {
      case .success(let file): loaded.append(file)
      case .failure(let problem):
        invalid = true
        for diagnostic in problem.diagnostics {
          let source = problem.sources.first { $0.path == diagnostic.location?.file }
          Output.error(renderer.render(diagnostic, source: source))
        }
      }
    }
    if invalid { throw ExitCode(ExitStatus.usage) }
    let runner = ScenarioTestRunner(concurrency: max(2, ProcessInfo.processInfo.activeProcessorCount * 2))
    var results: [TestReport.FileResult] = []
    for file in loaded {
      let cases = await runner.run(file.file, scenario: file.scenario, filter: filter)
      results.append(TestReport.FileResult(path: file.file.path, scenarioPath: file.file.scenarioPath, cases: cases))
    }
    var coverages: [ScenarioCoverage] = []
    if coverage || coverageMinimum != nil {
      // One coverage per scenario, over every test file that tests it.
      var seen = Set<String>()
      for file in loaded where seen.insert(file.file.scenarioPath).inserted {
        let cases = results.filter { $0.scenarioPath == file.file.scenarioPath }.flatMap(\.cases)
        coverages.append(
          ScenarioCoverage(scenario: file.scenario.scenario, path: file.file.scenarioPath, results: cases))
      }
    }
    let report = TestReport(files: results, coverage: coverages)
    guard let reportFormat = TestReport.Format(rawValue: format.rawValue) else { throw ExitCode(ExitStatus.usage) }
    Output.write(report.render(reportFormat))
    if report.failed > 0 { throw ExitCode(ExitStatus.failure) }
    if let coverageMinimum {
      let below = coverages.filter { $0.percent < coverageMinimum }
      for scenario in below {
        Output.error(
          "error: \(scenario.scenarioPath) is covered \(TestReport.percent(scenario)), below --coverage-min \(coverageMinimum) %; never taken: "
            + scenario.missed.map(\.description).joined(separator: "; ") + "\n")
      }
      if !below.isEmpty { throw ExitCode(ExitStatus.failure) }
    }
  }
}
