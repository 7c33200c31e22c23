import ArgumentParser
import Basics
import Engine
import Foundation
import History
import Server
import Validation

/// `sonarflow webhooks`: the URL of every hook serve answers (with its secret segment), as Make
/// shows a webhook's address to copy, and replacing a hook's secret.
struct WebhooksCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "webhooks",
    abstract: "List the hooks' URLs (with their secrets) and rotate a hook's secret.",
    subcommands: [List.self, Rotate.self]
  )

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Every hook the scenarios under PATHS serve, with its full URL to give the sender.",
      discussion: """
        Reads the scenarios as serve does and the secrets from --db, creating the secret of a hook \
        that has none yet (serve, started on the same database, answers at the same URLs).
        """)

    @Argument(help: "Scenario files or folders (searched recursively for .yaml and .yml files).")
    var paths: [String] = ["."]

    @OptionGroup var publicURL: PublicURLOption

    @Option(help: "Output format: human or json.") var format: OutputFormat = .human
    @OptionGroup var history: HistoryOptions

    func run() async throws {
      let files = try ScenarioLoading.files(under: paths)
      var hooks: [(hook: String, scenario: CompiledScenario)] = []
      for file in files {
        guard let compiled = try? ScenarioCompiler.load(path: file) else {
          Output.error("warning: \(file) is invalid and is not listed (sonarflow validate says why)")
          continue
        }
        if let hook = compiled.webhookName { hooks.append((hook, compiled)) }
      }
      let base = publicURL.base
      let secrets = WebhookSecrets(
        try await history.withServeStore { try await $0.webhookSecrets(creatingFor: hooks.map(\.hook)) })
      let rows = hooks.sorted { $0.hook < $1.hook }.map { hook, compiled in
        (
          hook: hook, scenario: compiled.scenario.name.value, file: compiled.scenario.source.path,
          trigger: compiled.triggerSpec.name, url: secrets.url(for: hook, publicURL: base) ?? ""
        )
      }
      switch format {
      case .json:
        Output.write(
          HistoryText.json(
            rows.map {
              ["hook": $0.hook, "scenario": $0.scenario, "file": $0.file, "trigger": $0.trigger, "url": $0.url]
            }))
      case .human:
        // Names and paths come from scenario files: escaped for the terminal, as everywhere.
        let rows = rows.map {
          (
            hook: $0.hook, scenario: TextEscaping.escape($0.scenario), file: TextEscaping.escape($0.file),
            trigger: $0.trigger, url: $0.url
          )
        }
        guard !rows.isEmpty else {
          Output.write("no webhook triggers in \(paths.joined(separator: " "))\n")
          return
        }
        let hookWidth = max(4, rows.map(\.hook.count).max() ?? 0) + 2
        let scenarioWidth = max(8, rows.map(\.scenario.count).max() ?? 0) + 2
        let triggerWidth = max(7, rows.map(\.trigger.count).max() ?? 0) + 2
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        var text = pad("HOOK", hookWidth) + pad("SCENARIO", scenarioWidth) + pad("TRIGGER", triggerWidth) + "URL\n"
        for row in rows {
          text +=
            pad(row.hook, hookWidth) + pad(row.scenario, scenarioWidth) + pad(row.trigger, triggerWidth) + row.url
            + "\n"
        }
        if base == nil { text += "(paths only: give --public-url to print full URLs)\n" }
        Output.write(text)
      }
    }
  }

  struct Rotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Replace a hook's secret: its old URL stops answering.",
      discussion: """
        A running serve on the same database answers at the new URL within about a second (and \
        re-registers a Sonar watch trigger's webhook there); give the new URL to the sender.
        """)

    @Argument(help: "The hook's webhookName.") var name: String

    @OptionGroup var publicURL: PublicURLOption

    @Option(help: "Output format: human or json.") var format: OutputFormat = .human
    @OptionGroup var history: HistoryOptions

    func run() async throws {
      let secret = try await history.withServeStore { try await $0.rotateWebhookSecret(hook: name) }
      guard let secret else {
        Output.error(
          "error: no hook '\(name)' in \(history.displayName); 'sonarflow webhooks list' shows the hooks and creates their secrets"
        )
        throw ExitCode(ExitStatus.failure)
      }
      let url = WebhookSecret.url(hook: name, secret: secret, publicURL: publicURL.base)
      switch format {
      case .json: Output.write(HistoryText.json(["hook": name, "url": url]))
      case .human:
        Output.write("\(TextEscaping.escape(name)): new secret; the hook now answers at \(TextEscaping.escape(url))\n")
      }
    }
  }
}

/// Where senders reach serve, to print full hook URLs.
struct PublicURLOption: ParsableArguments {
  @Option(
    name: .customLong("public-url"),
    help: "The URL senders reach serve at, e.g. https://flows.example.com; without it the paths are printed.")
  var publicURL: String?

  /// The URL without a trailing slash, as serve keeps it.
  var base: String? { publicURL.map(ServerConfiguration.publicURLBase) }
}
