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
    subcommands: [Run.self, Record.self],
    defaultSubcommand: Run.self
  )
}

extension TestCommand {
  /// `sonarflow test [PATHS…]`: runs the cases.
  struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "run",
      abstract: "Run scenario tests (the default: `sonarflow test PATHS` is `sonarflow test run PATHS`).",
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

    @Flag(
      help: """
        Rewrite the recorded expectations that failed (status, called, `equals` of a module's input or \
        output, messages) with what the run gave, in place, keeping the rest of the file as it is.
        """)
    var update = false

    func validate() throws {
      if let coverageMinimum, !(0...100).contains(coverageMinimum) {
        throw ValidationError("--coverage-min must be a percentage from 0 to 100")
      }
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case human, json, junit, github, tap
    }

    /// Every test file with its scenario; the diagnostics of those that cannot run, then exit 2.
    static func load(_ files: [String]) throws -> [ScenarioTestLoader.Loaded] {
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
      return loaded
    }

    static func run(
      _ loaded: [ScenarioTestLoader.Loaded], runner: ScenarioTestRunner, filter: String?
    ) async -> [TestReport.FileResult] {
      zip(loaded, await runner.run(loaded, filter: filter)).map { file, cases in
        TestReport.FileResult(path: file.file.path, scenarioPath: file.file.scenarioPath, cases: cases)
      }
    }

    /// Writes what the run gave over the recorded expectations that failed; the files rewritten.
    static func update(_ results: [TestReport.FileResult]) throws -> [String] {
      var rewritten: [String] = []
      for file in results {
        let updates = Set(file.cases.flatMap { $0.failures.compactMap(\.update) })
        guard !updates.isEmpty else { continue }
        do {
          let text = try String(contentsOfFile: file.path, encoding: .utf8)
          let sorted = updates.sorted { $0.location < $1.location }
          try Data(GoldenRewriter.rewrite(text, updates: sorted).utf8).write(to: URL(fileURLWithPath: file.path))
        } catch {
          Output.error("error: cannot rewrite \(file.path): \(error.localizedDescription)\n")
          throw ExitCode(ExitStatus.usage)
        }
        Output.error("updated \(updates.count) recorded expectation(s) in \(file.path)\n")
        rewritten.append(file.path)
      }
      return rewritten
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
      var loaded = try Self.load(files)
      let runner = ScenarioTestRunner(concurrency: max(2, ProcessInfo.processInfo.activeProcessorCount * 2))
      var results = await Self.run(loaded, runner: runner, filter: filter)
      if update, try !Self.update(results).isEmpty {
        // The report is of the files as they are now.
        loaded = try Self.load(files)
        results = await Self.run(loaded, runner: runner, filter: filter)
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
}

extension TestCommand {
  /// `sonarflow test record EXECUTION_ID`: a test case from history.
  struct Record: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a test case from an execution in history.",
      discussion: """
        The case gives the execution's trigger bundles, mocks the modules that call out (Sonar, HTTP, \
        sleep, JSON) with what they answered, and expects every module to be given exactly what it \
        was given then. Confidential executions keep no data and are refused.
        """)

    @Argument(help: "The execution id.") var id: String
    @Option(help: "Write the test file here (it must not exist yet); default: standard output.") var output: String?
    @Option(help: "The scenario file the test names (default: the file the execution ran from).") var scenario: String?
    @OptionGroup var history: HistoryOptions

    func run() async throws {
      if let output, FileManager.default.fileExists(atPath: output) {
        Output.error("error: \(output) exists; record into a new file and move the case into your test file\n")
        throw ExitCode(ExitStatus.usage)
      }
      let execution = try await history.withStore { try await HistoryText.load(id, from: history, store: $0) }
      let text: String
      do {
        text = try ScenarioTestRecorder.testFile(from: execution, scenarioPath: scenario ?? execution.scenarioFile)
      } catch {
        Output.error("error: \(error.description)\n")
        throw ExitCode(ExitStatus.failure)
      }
      guard let output else {
        Output.write(text)
        return
      }
      do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .withoutOverwriting)
      } catch {
        Output.error("error: cannot write \(output): \(error.localizedDescription)\n")
        throw ExitCode(ExitStatus.usage)
      }
    }
  }
}
