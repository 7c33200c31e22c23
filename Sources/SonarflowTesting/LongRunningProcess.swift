public import Foundation

/// A long-running child process (`sonarflow serve`, `sonarflow emulator`) for tests: started,
/// waited on until it prints a line announcing its URL, then stopped with a signal.
public final class LongRunningProcess: @unchecked Sendable {
  // @unchecked: `process` is only touched by the methods below, which tests call from one task;
  // the output is guarded by `output`'s lock.
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
  private let output = Output()

  /// Starts `executable ARGUMENTS…` with standard output and error captured together.
  public init(executable: URL, arguments: [String], environment: [String: String] = [:]) throws {
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try ProcessLaunch.run(process)
    // Only the child writes: with this process's copy of the write end closed, the reader sees
    // the end of the output when the child exits.
    try? pipe.fileHandleForWriting.close()
    // A thread of its own does blocking reads until the end, then lets the pipe close. (A
    // FileHandle readability handler is a dispatch source that must be cancelled before its
    // descriptor closes; a pipe closed first, as when a test drops the process, crashed the test
    // process in libdispatch.)
    let reader = Thread { [output] in
      let handle = pipe.fileHandleForReading
      while true {
        let data = handle.availableData
        if data.isEmpty { break }
        output.append(String(decoding: data, as: UTF8.self))
      }
      try? handle.close()
    }
    reader.start()
  }

  /// Everything printed so far.
  public var printed: String { output.text }

  public var processIdentifier: Int32 { process.processIdentifier }

  public var isRunning: Bool { process.isRunning }

  /// Waits until the output matches `pattern` (a regular expression) and returns its first capture
  /// group (or the whole match).
  public func waitForOutput(matching pattern: String, timeout: Duration = .seconds(30)) async throws -> String {
    let regex = try NSRegularExpression(pattern: pattern)
    let deadline = ContinuousClock.now.advanced(by: timeout)
    // The output is looked at once more after the deadline: a test process whose threads were all
    // busy past it (a loaded machine) must not report as missing a line that was printed in time.
    while true {
      let isLastLook = ContinuousClock.now >= deadline
      let text = printed
      if let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) {
        let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
        if let swiftRange = Range(range, in: text) { return String(text[swiftRange]) }
      }
      if !process.isRunning { throw Failure.exited(status: process.terminationStatus, output: text) }
      if isLastLook { throw Failure.timedOut(waitingFor: pattern, output: text) }
      try await Task.sleep(for: .milliseconds(50))
    }
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
    return process.terminationStatus
  }

  /// Sends a signal without waiting (SIGHUP for a reload).
  public func send(_ signal: Int32) {
    if process.isRunning { kill(process.processIdentifier, signal) }
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
  }

  /// What the child printed, appended by the reader thread.
  private final class Output: @unchecked Sendable {
    // @unchecked: `value` is only read and written under `lock`.
    private let lock = NSLock()
    private var value = ""

    func append(_ text: String) { lock.withLock { value += text } }
    var text: String { lock.withLock { value } }
  }
}
