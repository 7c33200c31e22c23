import ArgumentParser
import Basics
import Foundation

/// The web console's token, shared by `serve` and `console`: `--console-token-file FILE`, else
/// the `SONARFLOW_CONSOLE_TOKEN` environment variable. Without either the console is off.
struct ConsoleTokenOptions: ParsableArguments {
  @Option(
    name: .customLong("console-token-file"),
    help: """
      A file holding the web console's token (default: SONARFLOW_CONSOLE_TOKEN). With a token the console \
      is served at /console/; without one it is off. See docs/console.md.
      """)
  var consoleTokenFile: String?

  static let environmentVariable = "SONARFLOW_CONSOLE_TOKEN"

  /// The shortest token accepted: the console has no limit on login attempts, so the token must
  /// be too long to guess (16 characters of `openssl rand -hex 16` are 64 bits; 32 are 128).
  static let minimumLength = 16

  /// The token, or nil when none is configured. A file that cannot be read or holds only
  /// whitespace is an error (exit 2): the console must not be on with an empty token.
  func token(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
    if let path = consoleTokenFile {
      guard let data = FileManager.default.contents(atPath: path) else {
        Output.error("error: cannot read the console token file \(TextEscaping.escape(path))\n")
        throw ExitCode(ExitStatus.usage)
      }
      let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      guard !token.isEmpty else {
        Output.error("error: the console token file \(TextEscaping.escape(path)) is empty\n")
        throw ExitCode(ExitStatus.usage)
      }
      return try Self.checked(token, from: "the console token file \(TextEscaping.escape(path))")
    }
    guard let token = environment[Self.environmentVariable]?.trimmingCharacters(in: .whitespacesAndNewlines),
      !token.isEmpty
    else { return nil }
    return try Self.checked(token, from: Self.environmentVariable)
  }

  /// `token`, or exit 2 when it is short enough to guess.
  private static func checked(_ token: String, from source: String) throws -> String {
    guard token.count >= minimumLength else {
      Output.error(
        """
        error: the console token from \(source) has \(token.count) characters; it needs at least \(minimumLength)
        help: make one with `openssl rand -hex 32` (anyone who guesses it can see every execution)

        """)
      throw ExitCode(ExitStatus.usage)
    }
    return token
  }
}
