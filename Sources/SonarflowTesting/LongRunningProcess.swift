public import Foundation
import Synchronization

/// A long-running child process (`sonarflow serve`, `sonarflow emulator`) for tests: started,
/// waited on until it prints a line announcing its URL, then stopped with a signal.
public final class LongRunningProcess: @unchecked Sendable {
  // @unchecked: the status is guarded by its mutex, the output by `output`'s lock.
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

  private let pid: pid_t
  /// The exit status once the child is reaped: its exit code, or the number of the signal that
  /// ended it (as Foundation's `Process.terminationStatus` gives it).
  private let status = Mutex<Int32?>(nil)
  private let output = Output()

  /// Starts `executable ARGUMENTS…` with standard output and error captured together.
  ///
  /// Spawned with `posix_spawn` and reaped with `waitpid` on its own pid: Foundation's
  /// `Process.run()` crashed the parallel suite (a bad pointer in a `memcpy` inside it, even with
  /// launches serialized), and the child's descriptors beyond standard input, output and error are
  /// closed before it runs its program.
  public init(executable: URL, arguments: [String], environment: [String: String] = [:]) throws {
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    var pipe: [Int32] = [-1, -1]
    guard let pipe2 = Self.pipe2, pipe2(&pipe, O_CLOEXEC) == 0 else {
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, pipe[1], 2)
    _ = Self.addCloseFrom?(&actions, 3)
    let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for string in argv + envp { free(string) } }
    var child: pid_t = 0
    let result = posix_spawn(&child, executable.path, &actions, nil, argv, envp)
    // Only the child writes: with this process's copy of the write end closed, the reader sees
    // the end of the output when the child exits.
    close(pipe[1])
    guard result == 0 else {
      close(pipe[0])
      throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO)
    }
    pid = child
    // A thread of its own does blocking reads until the end, then closes the pipe.
    let reader = Thread { [output, descriptor = pipe[0]] in
      var buffer = [UInt8](repeating: 0, count: 65_536)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
        output.append(String(decoding: buffer[..<count], as: UTF8.self))
      }
      close(descriptor)
    }
    reader.start()
  }

  /// glibc's `pipe2` and `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's
  /// Glibc module leaves out. (A pipe made by `pipe` and marked close-on-exec afterwards could
  /// reach a child another thread spawns in between, which would keep its write end open.)
  private static let pipe2: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32)? = symbol("pipe2")
  private static let addCloseFrom:
    (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? =
      symbol("posix_spawn_file_actions_addclosefrom_np")

  private static func symbol<Function>(_ name: String) -> Function? {
    guard let address = dlsym(nil, name) else { return nil }
    return unsafeBitCast(address, to: Function.self)
  }

  /// Reaps the child if it has ended (without waiting unless `blocking`); its status once it has.
  private func reap(blocking: Bool = false) -> Int32? {
    status.withLock { status in
      if let status { return status }
      var raw: Int32 = 0
      var result: pid_t
      repeat { result = waitpid(pid, &raw, blocking ? 0 : WNOHANG) } while result < 0 && errno == EINTR
      guard result == pid else { return nil }
      // WIFEXITED: the low seven bits are zero, and the exit code is the next byte; otherwise
      // they are the signal.
      status = raw & 0x7f == 0 ? (raw >> 8) & 0xff : raw & 0x7f
      return status
    }
  }

  /// Everything printed so far.
  public var printed: String { output.text }

  public var processIdentifier: Int32 { pid }

  public var isRunning: Bool { reap() == nil }

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
      if let status = reap() { throw Failure.exited(status: status, output: text) }
      if isLastLook { throw Failure.timedOut(waitingFor: pattern, output: text) }
      try await Task.sleep(for: .milliseconds(50))
    }
  }

  /// Sends `signal` (SIGTERM by default) and waits for the process to exit; returns its status.
  @discardableResult
  public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(30)) async -> Int32 {
    if reap() == nil { kill(pid, signal) }
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while reap() == nil && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(20))
    }
    if let status = reap() { return status }
    kill(pid, SIGKILL)
    return reap(blocking: true) ?? SIGKILL
  }

  /// Sends a signal without waiting (SIGHUP for a reload).
  public func send(_ signal: Int32) {
    if reap() == nil { kill(pid, signal) }
  }

  deinit {
    if reap() == nil {
      kill(pid, SIGKILL)
      _ = reap(blocking: true)
    }
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
