import ArgumentParser
import Basics
import Expressions
import Foundation
import History

/// `sonarflow scenarios`: which scenarios `serve` runs (Make's deactivation after consecutive
/// errors), and enabling or disabling one by hand. A running `serve` sees a change within a second.
struct ScenariosCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scenarios",
    abstract: "List, enable and disable the scenarios serve runs.",
    subcommands: [List.self, Enable.self, Disable.self]
  )

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Every scenario the database knows: active or not, consecutive errors, when and why deactivated.")

    @Option(help: "Output format: human or json.") var format: OutputFormat = .human
    @OptionGroup var history: HistoryOptions

    func run() async throws {
      let states = try await history.withServeStore(readOnly: true) { try await $0.scenarioStates() }
      switch format {
      case .json:
        Output.write(HistoryText.json(states.map(ScenariosCommand.object)))
      case .human:
        guard !states.isEmpty else {
          Output.write("no scenarios in \(history.displayName) (serve records the scenarios it runs)\n")
          return
        }
        let names = states.map { TextEscaping.escape($0.name) }
        let width = max(8, names.map(\.count).max() ?? 0) + 2
        var text =
          "SCENARIO".padding(toLength: width, withPad: " ", startingAt: 0)
          + "ACTIVE  ERRORS  DEACTIVATED (UTC)    WHY\n"
        for (state, name) in zip(states, names) {
          text += name.padding(toLength: width, withPad: " ", startingAt: 0)
          text += (state.isActive ? "yes" : "no").padding(toLength: 8, withPad: " ", startingAt: 0)
          text += String(state.consecutiveErrors).padding(toLength: 8, withPad: " ", startingAt: 0)
          text += (state.deactivatedAt.map(HistoryText.format) ?? "-").padding(
            toLength: 21, withPad: " ", startingAt: 0)
          text += TextEscaping.escape(state.deactivationReason ?? "-") + "\n"
        }
        Output.write(text)
      }
    }
  }

  struct Enable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Enable a scenario again and reset its count of consecutive errors.",
      discussion: "serve runs the webhooks it stored meanwhile, oldest first, within a second or two.")

    @OptionGroup var scenario: NamedScenario

    func run() async throws { try await scenario.set(active: true) }
  }

  struct Disable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Deactivate a scenario: serve stores its webhooks but runs none of them, and runs no polls.")

    @OptionGroup var scenario: NamedScenario

    func run() async throws { try await scenario.set(active: false) }
  }

  /// What `enable` and `disable` take: a scenario's name and where its state is.
  struct NamedScenario: ParsableArguments {
    @Argument(help: "The scenario's name.") var name: String
    @Option(help: "Output format: human or json.") var format: OutputFormat = .human
    @OptionGroup var history: HistoryOptions

    func set(active: Bool) async throws {
      let state = try await history.withServeStore {
        try await $0.setScenario(name, active: active, reason: nil, at: Date())
      }
      guard let state else {
        Output.error(
          "error: no scenario '\(TextEscaping.escape(name))' in \(history.displayName); 'sonarflow scenarios list' shows the scenarios serve has run"
        )
        throw ExitCode(ExitStatus.failure)
      }
      switch format {
      case .json: Output.write(HistoryText.json(ScenariosCommand.object(state)))
      case .human: Output.write("\(TextEscaping.escape(state.name)): \(state.isActive ? "enabled" : "disabled")\n")
      }
    }
  }

  static func object(_ state: ScenarioState) -> [String: Any] {
    [
      "name": state.name, "active": state.isActive, "consecutiveErrors": state.consecutiveErrors,
      "deactivatedAt": state.deactivatedAt.map { ISODate.render($0) as Any } ?? NSNull(),
      "reason": state.deactivationReason.map { $0 as Any } ?? NSNull(),
    ]
  }
}
