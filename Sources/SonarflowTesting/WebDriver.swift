import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// A small client of the W3C WebDriver protocol, driving the system's headless Chromium through
/// `chromedriver` (Debian's `chromium` and `chromium-driver`) for the console's browser tests.
/// Nothing is downloaded: when the two programs are not installed, ``isAvailable`` is false.
public final class WebDriver: Sendable {
  public static let driverPath = "/usr/bin/chromedriver"
  public static let browserPath = "/usr/bin/chromium"

  public static var isAvailable: Bool {
    FileManager.default.isExecutableFile(atPath: driverPath)
      && FileManager.default.isExecutableFile(atPath: browserPath)
  }

  /// What the driver answered with an error.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
  }

  private let process: LongRunningProcess
  private let base: String
  private let session: String

  /// Starts chromedriver on a free port and opens a headless browser session.
  public init(windowWidth: Int = 1280, windowHeight: Int = 900) async throws {
    let port = try LoopbackPort.free()
    process = try LongRunningProcess(executable: URL(fileURLWithPath: Self.driverPath), arguments: ["--port=\(port)"])
    base = "http://127.0.0.1:\(port)"
    _ = try await process.waitForOutput(matching: "(ChromeDriver was started successfully)", timeout: .seconds(30))
    let capabilities: [String: Any] = [
      "capabilities": [
        "alwaysMatch": [
          "browserName": "chrome",
          "goog:chromeOptions": [
            "binary": Self.browserPath,
            "args": [
              "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=\(windowWidth),\(windowHeight)",
            ],
          ],
        ]
      ]
    ]
    let answer = try await Self.send(base + "/session", method: .POST, body: capabilities)
    guard let value = answer["value"] as? [String: Any], let id = value["sessionId"] as? String else {
      throw Failure(description: "no session in \(answer)")
    }
    session = id
  }

  /// Ends the session and the driver.
  public func quit() async {
    _ = try? await Self.send(base + "/session/\(session)", method: .DELETE, body: nil)
    // The browser is closed with the session; chromedriver itself does not end on SIGTERM.
    _ = await process.stop(signal: SIGKILL, timeout: .seconds(10))
  }

  public func open(_ url: String) async throws {
    _ = try await command("url", body: ["url": url])
  }

  public var title: String {
    get async throws { try await command("title", method: .GET) as? String ?? "" }
  }

  public var currentURL: String {
    get async throws { try await command("url", method: .GET) as? String ?? "" }
  }

  /// The elements matching a CSS selector (none is not an error).
  public func elements(_ selector: String) async throws -> [String] {
    let found = try await command("elements", body: ["using": "css selector", "value": selector])
    return (found as? [[String: Any]] ?? []).compactMap { $0.values.first as? String }
  }

  /// The first element matching a CSS selector, waiting up to `timeout` for it to appear.
  public func element(_ selector: String, timeout: Duration = .seconds(10)) async throws -> String {
    var found: [String] = []
    try await wait(for: "an element matching '\(selector)'", timeout: timeout) {
      found = try await self.elements(selector)
      return !found.isEmpty
    }
    return found[0]
  }

  public func click(_ element: String) async throws {
    _ = try await command("element/\(element)/click", body: [:])
  }

  public func type(_ text: String, into element: String) async throws {
    _ = try await command("element/\(element)/value", body: ["text": text])
  }

  public func clear(_ element: String) async throws {
    _ = try await command("element/\(element)/clear", body: [:])
  }

  public func text(of element: String) async throws -> String {
    try await command("element/\(element)/text", method: .GET) as? String ?? ""
  }

  /// The text of the first element matching `selector` (waiting for it).
  public func text(_ selector: String) async throws -> String {
    try await text(of: element(selector))
  }

  /// Runs a script in the page (WebDriver's, not subject to the page's Content-Security-Policy).
  public func execute(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
    try await command("execute/sync", body: ["script": script, "args": arguments])
  }

  /// A PNG of the viewport.
  public func screenshot() async throws -> Data {
    guard let base64 = try await command("screenshot", method: .GET) as? String, let data = Data(base64Encoded: base64)
    else { throw Failure(description: "no screenshot") }
    return data
  }

  /// Polls `condition` every 100 ms until it holds, failing after `timeout`. A condition that
  /// throws counts as not holding yet: while the page navigates, the elements it read go stale.
  public func wait(
    for what: String, timeout: Duration = .seconds(10), until condition: () async throws -> Bool
  ) async throws {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    var lastError: (any Error)?
    while true {
      do {
        if try await condition() { return }
        lastError = nil
      } catch {
        lastError = error
      }
      guard ContinuousClock.now < deadline else {
        throw Failure(description: "timed out waiting for \(what)" + (lastError.map { ": \($0)" } ?? ""))
      }
      try await Task.sleep(for: .milliseconds(100))
    }
  }

  private func command(_ path: String, method: HTTPMethod = .POST, body: [String: Any]? = nil) async throws -> Any? {
    let answer = try await Self.send(
      base + "/session/\(session)/\(path)", method: method, body: method == .POST ? (body ?? [:]) : body)
    return answer["value"]
  }

  private static func send(_ url: String, method: HTTPMethod, body: [String: Any]?) async throws -> [String: Any] {
    var request = HTTPClientRequest(url: url)
    request.method = method
    if let body {
      request.headers.add(name: "Content-Type", value: "application/json")
      request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
    }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    let bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
    let object = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any] ?? [:]
    if response.status.code >= 400 {
      throw Failure(description: "\(method) \(url): \(response.status.code) \(object["value"] ?? "")")
    }
    return object
  }
}
