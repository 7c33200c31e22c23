import Foundation
import SonarflowTesting
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Slow and idle connections are closed after serve's timeouts, and the connection limit holds
/// new connections back rather than letting them exhaust the process's descriptors.
@Suite(.serialized) struct BoundedConnectionsTests {
  static let scenario = """
    name: Plain
    trigger: { module: webhook.custom, params: { webhookName: plain } }
    flow:
      - { id: 2, module: util.setVariable, map: { name: n, value: "{{1.n}}" } }
    """

  @Test func slowHeadersAndBodiesAreClosedAfterTheirTimeoutsWhileOthersAreAnswered() async throws {
    let harness = try ServeHarness()
    try harness.write("plain.yaml", Self.scenario)
    let serve = try await harness.start(arguments: [
      "--header-timeout", "5", "--body-timeout", "6", "--max-connections", "1500",
    ])
    let port = try #require(Int(serve.url.split(separator: ":").last ?? ""))
    let path = try await serve.hook("plain")
    let opened = ContinuousClock.now
    // 1,000 connections that stop in the middle of their headers, 20 in the middle of a body.
    var slowHeaders: [RawConnection] = []
    for _ in 0..<1000 {
      let connection = try RawConnection(port: port)
      try connection.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
      slowHeaders.append(connection)
    }
    var slowBodies: [RawConnection] = []
    for _ in 0..<20 {
      let connection = try RawConnection(port: port)
      try connection.send(
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"n\":"
      )
      slowBodies.append(connection)
    }
    // A normal request is answered without waiting for the slow ones to be closed.
    let asked = ContinuousClock.now
    let answer = try await serve.post(path, body: #"{"n": "prompt"}"#)
    #expect(answer.status == 200)
    #expect(ContinuousClock.now - asked < .seconds(4), "answered only after \(ContinuousClock.now - asked)")

    for connection in slowHeaders { #expect(connection.waitForClose(within: .seconds(20))) }
    let headersClosed = ContinuousClock.now - opened
    #expect(headersClosed >= .milliseconds(4900), "closed after \(headersClosed), before the header timeout")
    for connection in slowBodies { #expect(connection.waitForClose(within: .seconds(20))) }
    #expect(ContinuousClock.now - opened >= .milliseconds(5900), "body connections closed before the body timeout")
    // Still serving.
    #expect(try await serve.post(path, body: #"{"n": "after"}"#).status == 200)
    #expect(await serve.stop() == 0)
  }

  @Test func connectionsBeyondTheLimitWaitUntilOneCloses() async throws {
    let harness = try ServeHarness()
    try harness.write("plain.yaml", Self.scenario)
    let serve = try await harness.start(arguments: ["--header-timeout", "2", "--max-connections", "2"])
    let port = try #require(Int(serve.url.split(separator: ":").last ?? ""))
    let path = try await serve.hook("plain")
    // Connections that send nothing take both places (and more wait behind them: serve accepts
    // the connections of one readiness event together, up to four, before it checks the limit).
    let idle = try (0..<8).map { _ in try RawConnection(port: port) }
    let started = ContinuousClock.now
    let body = #"{"n": "waited"}"#
    let request = try RawConnection(port: port)
    try request.send(
      "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
        + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
    let response = request.readUntilClose(within: .seconds(30))
    #expect(response?.hasPrefix("HTTP/1.1 200") == true, "\(response ?? "no answer")")
    // Held back until a silent connection was closed by the header timeout.
    #expect(ContinuousClock.now - started >= .milliseconds(1500), "answered after \(ContinuousClock.now - started)")
    for connection in idle { #expect(connection.waitForClose(within: .seconds(30))) }
    #expect(await serve.stop() == 0)
  }
}

/// A plain TCP connection to serve, to send partial requests.
private final class RawConnection {
  let descriptor: Int32

  init(port: Int) throws {
    descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else {
      close(descriptor)
      throw POSIXError(.ECONNREFUSED)
    }
  }

  deinit { close(descriptor) }

  func send(_ text: String) throws {
    let bytes = Array(text.utf8)
    let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    guard sent == bytes.count else { throw POSIXError(.EPIPE) }
  }

  /// Whether the server closed the connection (end of stream or reset) within `timeout`.
  func waitForClose(within timeout: Duration) -> Bool {
    readUntilClose(within: timeout) != nil
  }

  /// What the server sent until it closed the connection; nil when it did not close it within
  /// `timeout`.
  func readUntilClose(within timeout: Duration) -> String? {
    var received: [UInt8] = []
    let deadline = ContinuousClock.now.advanced(by: timeout)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while ContinuousClock.now < deadline {
      var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      let remaining = deadline - ContinuousClock.now
      let ready = poll(&poller, 1, Int32(max(1, remaining.components.seconds * 1000 + 1)))
      if ready <= 0 { continue }
      let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if count == 0 { return String(decoding: received, as: UTF8.self) }
      if count < 0 { return errno == ECONNRESET ? String(decoding: received, as: UTF8.self) : nil }
      received += buffer.prefix(count)
    }
    return nil
  }
}
