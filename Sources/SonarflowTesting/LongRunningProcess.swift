public import Foundation

/// A long-running child process (`sonarflow serve`, `sonarflow emulator`) for tests: started,
/// waited on until it prints a line announcing its URL, then stopped with a signal.
public final class LongRunningProcess: @unchecked Sendable {
  // @unchecked: `process` is only touched by the methods below, which tests call from one task;
  // the output buffer is guarded by `lock`.
  public enum Failure: Error, CustomStringConvertible {
    case timedOut(waitingFor: String, output: String)
    case exited(status: Int32, output: String)

    public var description: String {
      switch self {
      case .timedOut(let pattern, let output): "timed out waiting for '\(pattern)'; output so far:\n\(output)"
      case .exited(let status, let output): "the process exited with \(status) before it was ready; output:\n\(output)"
      }
    }
  }

  private let process = Process()
  private let lock = NSLock()
  private var output = ""
  private let stdout = Pipe()

  /// Starts `executable ARGUMENTS…` with standard output and error captured together.
  public init(executable: URL, arguments: [String], environment: [String: String] = [:]) throws {
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.standardOutput = stdout
    process.standardError = stdout
    stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in
      let data = handle.availableData
      guard let self, !data.isEmpty else { return }
      self.lock.withLock { self.output += String(decoding: data, as: UTF8.self) }
    }
    try process.run()
  }

  /// Everything printed so far.
  public var printed: String { lock.withLock { output } }

  public var processIdentifier: Int32 { process.processIdentifier }

  public var isRunning: Bool { process.isRunning }

  /// Waits until the output matches `pattern` (a regular expression) and returns its first capture
  /// group (or the whole match).
  public func waitForOutput(matching pattern: String, timeout: Duration = .seconds(30)) async throws -> String {
    let regex = try NSRegularExpression(pattern: pattern)
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
      let text = printed
      if let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) {
        let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
        if let swiftRange = Range(range, in: text) { return String(text[swiftRange]) }
      }
      if !process.isRunning { throw Failure.exited(status: process.terminationStatus, output: text) }
      try await Task.sleep(for: .milliseconds(50))
    }
    throw Failure.timedOut(waitingFor: pattern, output: printed)
  }

  /// Sends `signal` (SIGTERM by default) and waits for the process to exit; returns its status.
  @discardableResult
  public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(30)) async -> Int32 {
    if process.isRunning { kill(process.processIdentifier, signal) }
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while process.isRunning && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(20))
    }
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    stdout.fileHandleForReading.readabilityHandler = nil
    return process.terminationStatus
  }

  /// Sends a signal without waiting (SIGHUP for a reload).
  public func send(_ signal: Int32) {
    if process.isRunning { kill(process.processIdentifier, signal) }
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }
}
