import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SonarflowTesting
import Testing

/// What a server, a webhook or a scenario file puts in front of the user: the Sonar token never
/// (in any form a server may echo it), and terminal control sequences only as visible escapes.
@Suite struct OutputSafetyTests {
  let sonarflow: CommandRunner
  let folder: URL
  var db: String { folder.appendingPathComponent("history.sqlite").path }

  /// Characters that read differently in each encoding: `/`, `+`, a space, `=`.
  static let token = "Tok/en+with space=1234567890"

  /// Every form a server can hand the token back in, spelled here independently of sonarflow.
  static let tokenForms: [String] = [
    token,
    "Tok%2Fen%2Bwith%20space%3D1234567890",  // percent-encoding
    "Tok%2fen%2bwith%20space%3d1234567890",  // … in lower case
    "Tok%2Fen%2Bwith+space%3D1234567890",  // a form body, + for a space
    #"Tok\/en+with space=1234567890"#,  // JSON with escaped slashes
  ]

  init() throws {
    sonarflow = try CommandRunner()
    folder = try Fixture.temporaryDirectory("output-safety")
  }

  /// A Sonar that echoes the token it was sent in every form, in bodies and headers, with
  /// terminal control sequences in its error text: `GET /echo` answers 200 (the output of
  /// `sonar.apiCall`), `GET /customers` answers 400 (the error of `sonar.getCustomer`).
  private static let echoingSonar = CallbackResponder<BasicRequestContext> { request, _ in
    let sent = request.headers.first { $0.name.canonicalName == "x-token" }?.value ?? "(none)"
    let echoed = sent == token ? tokenForms.joined(separator: " | ") : sent
    var fields = HTTPFields()
    fields[.contentType] = "application/json"
    for (name, value) in [
      ("X-Echo-Authorization", "Bearer \(sent)"), ("X-Echo", "Bearer \(sent)"), ("X-Echo-URL", "\(request.uri)"),
    ] {
      if let name = HTTPField.Name(name) { fields[name] = value }
    }
    let body: String
    let status: HTTPResponse.Status
    if request.uri.path.hasSuffix("/echo") {
      status = .ok
      body = try jsonText(["seen": echoed, "url": "\(request.uri)"])
    } else {
      status = .badRequest
      body = try jsonText([
        "error":
          "no such customer\n\u{1B}]0;owned\u{07}\u{1B}]52;c;cGF3bmVk\u{07}\u{1B}[2J\rerror: injected line \u{9B}31m \u{202E}txet (token \(echoed))"
      ])
    }
    return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
  }

  private static func jsonText(_ object: [String: String]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
  }

  private func scenario() throws -> String {
    let url = folder.appendingPathComponent("echo.yaml")
    try Data(
      #"""
      name: "Echo \e]0;title\a\e[31m\u202Eeman"
      trigger: { module: webhook.custom, params: { webhookName: echo } }
      flow:
        - id: 2
          module: sonar.apiCall
          map: { url: /echo, method: GET }
        - id: 3
          module: sonar.getCustomer
          map: { phoneNumber: "{{1.phone}}" }
      """#.utf8
    ).write(to: url)
    return url.path
  }

  /// Runs the scenario against the echoing Sonar in `format`; returns what it printed.
  private func run(format: String, port: Int) async throws -> CommandRunner.Result {
    try await sonarflow.run(
      [
        "run", try scenario(), "--bundle", "-", "--sonar-url", "http://127.0.0.1:\(port)/api/v1", "--db", db,
        "--format", format,
      ],
      standardInput: #"{"phone": "+13105551234", "note": "C1 \u009b31m and bidi \u202e here"}"#,
      environment: ["SONAR_TOKEN": Self.token])
  }

  private func history(_ arguments: [String]) async throws -> String {
    let result = try await sonarflow.run(["history"] + arguments + ["--db", db])
    #expect(result.exitCode == 0, "\(result.standardError)")
    return result.standardOutput + result.standardError
  }

  private func expectNoToken(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for form in Self.tokenForms {
      #expect(!text.contains(form), "\(what) shows the token as '\(form)':\n\(text)", sourceLocation: sourceLocation)
    }
  }

  /// No ESC, BEL, CR, C1 control or bidirectional override, and no line that data started.
  private func expectTerminalSafe(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let unsafe = text.unicodeScalars.filter {
      $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D || (0x80...0x9F).contains($0.value)
        || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
    }
    #expect(
      unsafe.isEmpty, "\(what) prints \(unsafe.map { String($0.value, radix: 16) }):\n\(text)",
      sourceLocation: sourceLocation)
    #expect(
      !text.split(separator: "\n").contains { $0.hasPrefix("error: injected") }, "\(what) prints a forged line",
      sourceLocation: sourceLocation)
  }

  @Test func anEchoedTokenReachesNoOutput() async throws {
    try await LoopbackHTTPServer.run(Self.echoingSonar) { port in
      let human = try await run(format: "human", port: port)
      #expect(human.exitCode == 1, "\(human.standardError)")
      // The echoes did reach the output, redacted: the error here, headers and body below.
      #expect(human.standardOutput.contains("(token [redacted] | [redacted]"), "\(human.standardOutput)")
      expectNoToken(human.standardOutput + human.standardError, "run")

      let json = try await run(format: "json", port: port)
      #expect(json.exitCode == 1)
      #expect(json.standardOutput.contains(#""x-echo" : "Bearer [redacted]""#), "\(json.standardOutput)")
      #expect(json.standardOutput.contains(#""x-echo-authorization" : "[redacted]""#))
      #expect(json.standardOutput.contains(#""seen" : "[redacted] | [redacted]"#))
      expectNoToken(json.standardOutput + json.standardError, "run --format json")
      #expect(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) is [String: Any])

      for arguments in [["list"], ["list", "--format", "json"]] {
        expectNoToken(try await history(arguments), "history \(arguments.joined(separator: " "))")
      }
      let id = try #require(
        (try JSONSerialization.jsonObject(with: Data(try await history(["list", "--format", "json"]).utf8))
          as? [[String: Any]])?.first?["id"] as? String)
      for arguments in [["show", id], ["show", id, "--format", "json"]] {
        let shown = try await history(arguments)
        #expect(shown.contains("[redacted]"))
        expectNoToken(shown, "history \(arguments.joined(separator: " "))")
      }
      for suffix in ["", "-wal"] {
        let bytes = String(decoding: FileManager.default.contents(atPath: db + suffix) ?? Data(), as: UTF8.self)
        expectNoToken(bytes, "the history file\(suffix)")
      }
    }
  }

  @Test func controlCharactersFromDataAndNamesAreEscaped() async throws {
    try await LoopbackHTTPServer.run(Self.echoingSonar) { port in
      let human = try await run(format: "human", port: port)
      #expect(human.exitCode == 1)
      // The name, the bundle and the server's error text are all shown, escaped.
      #expect(
        human.standardOutput.contains(#"▶ Echo \u{1B}]0;title\u{7}\u{1B}[31m\u{202E}eman"#), "\(human.standardOutput)")
      #expect(human.standardOutput.contains(#"no such customer\u{A}\u{1B}]0;owned\u{7}"#), "\(human.standardOutput)")
      #expect(human.standardOutput.contains(#"C1 \u{9B}31m and bidi \u{202E} here"#), "\(human.standardOutput)")
      expectTerminalSafe(human.standardOutput + human.standardError, "run")

      let list = try await history(["list"])
      #expect(list.contains(#"Echo \u{1B}]0;title"#))
      expectTerminalSafe(list, "history list")
      let id = try #require(
        (try JSONSerialization.jsonObject(with: Data(try await history(["list", "--format", "json"]).utf8))
          as? [[String: Any]])?.first?["id"] as? String)
      let shown = try await history(["show", id])
      #expect(shown.contains(#"\u{9B}31m"#))
      expectTerminalSafe(shown, "history show")
    }
  }
}
