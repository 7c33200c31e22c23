public import Foundation

/// Runs the built `sonarflow` binary as a child process, the way users and CI run it.
public struct CommandRunner: Sendable {
  /// What a finished command printed and how it exited.
  public struct Result: Sendable {
    public var exitCode: Int32
    public var standardOutput: String
    public var standardError: String
  }

  public enum Failure: Error, CustomStringConvertible {
    case binaryNotFound(searched: [String])
    case spawn(errno: Int32)

    public var description: String {
      switch self {
      case .binaryNotFound(let searched):
        "the sonarflow binary was not found (searched \(searched.joined(separator: ", "))); "
          + "build it with 'swift build' first"
      case .spawn(let code):
        "cannot start the sonarflow binary: \(String(cString: strerror(code)))"
      }
    }
  }

  public let executable: URL

  /// Finds the binary next to the running test bundle (SwiftPM puts both in the same build folder),
  /// or at `SONARFLOW_BINARY` when set.
  public init() throws {
    var candidates: [String] = []
    if let explicit = ProcessInfo.processInfo.environment["SONARFLOW_BINARY"] {
      candidates.append(explicit)
    }
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    // The test bundle may be `…/debug/sonarflowPackageTests.xctest` (a file on Linux) or a folder
    // inside it; walk up a few levels.
    for _ in 0..<4 {
      candidates.append(folder.appendingPathComponent("sonarflow").path)
      folder = folder.deletingLastPathComponent()
    }
    for scratch in [".build/debug", ".build/release"] {
      candidates.append(Fixture.repositoryRoot.appendingPathComponent(scratch).appendingPathComponent("sonarflow").path)
    }
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else { throw Failure.binaryNotFound(searched: candidates) }
    executable = URL(fileURLWithPath: found)
  }

  /// Runs `sonarflow ARGUMENTS…` to completion, feeding `standardInput` if given.
  ///
  /// The wait happens on a thread of its own, not on the caller's: the suite's tests run on Swift's
  /// cooperative pool, as wide as the machine has cores (two here), and a child waited for on a
  /// pool thread holds that thread for the child's whole run. Two such waits at once stopped every
  /// other test for as long, and the server harnesses' waits ran out in the meantime.
  public func run(
    _ arguments: [String],
    standardInput: String? = nil,
    environment: [String: String] = [:],
    currentDirectory: URL? = nil
  ) async throws -> Result {
    try await Self.onOwnThread {
      try runWaiting(
        arguments, standardInput: standardInput, environment: environment, currentDirectory: currentDirectory)
    }
  }

  /// Runs `body` on a new thread and resumes the caller with what it returned, so that blocking
  /// waits in `body` never hold a thread of the cooperative pool.
  static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      Thread { continuation.resume(with: Swift.Result { try body() }) }.start()
    }
  }

  private func runWaiting(
    _ arguments: [String],
    standardInput: String?,
    environment: [String: String],
    currentDirectory: URL?
  ) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let stdout = Pipe()
    let stderr = Pipe()
    let stdin = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = stdin
    try ProcessLaunch.run(process)
    if let standardInput { stdin.fileHandleForWriting.write(Data(standardInput.utf8)) }
    try stdin.fileHandleForWriting.close()
    // Read both pipes concurrently so a full pipe never blocks the child.
    let errorData = LockedBox(Data())
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errorData.set(stderr.fileHandleForReading.readAll())
      group.leave()
    }
    let outputData = stdout.fileHandleForReading.readAll()
    group.wait()
    process.waitUntilExit()
    return Result(
      exitCode: process.terminationStatus,
      standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData.get(), as: UTF8.self)
    )
  }
}

/// A value shared between the reading thread and the caller; the lock makes access safe.
private final class LockedBox<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: T
  init(_ value: T) { self.value = value }
  func set(_ newValue: T) { lock.withLock { value = newValue } }
  func get() -> T { lock.withLock { value } }
}

extension CommandRunner {
  /// How a command ended and the most memory it held.
  public struct Footprint: Sendable {
    public var exitCode: Int32
    /// The child's peak resident set (`ru_maxrss` from `wait4`), in bytes.
    public var peakResidentBytes: Int
  }

  /// Runs `sonarflow ARGUMENTS…` with its output discarded, and reads its peak memory from the
  /// kernel's accounting of that one child (`ru_maxrss` from `wait4`).
  ///
  /// The child is started by a small Python process, not by this one: glibc starts children with
  /// `vfork`, and Linux carries the parent's peak resident set over into the child's at `exec`, so
  /// a child of the (large) test process would report at least the test process's own peak.
  public func footprint(_ arguments: [String]) async throws -> Footprint {
    try await Self.onOwnThread { try footprintWaiting(arguments) }
  }

  private func footprintWaiting(_ arguments: [String]) throws -> Footprint {
    let script = """
      import os, sys
      null = [(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0), (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0)]
      pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=null)
      _, status, usage = os.wait4(pid, 0)
      print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, executable.path] + arguments
    let output = Pipe()
    process.standardOutput = output
    try ProcessLaunch.run(process)
    let data = output.fileHandleForReading.readAll()
    process.waitUntilExit()
    let fields = String(decoding: data, as: UTF8.self).split(separator: " ").compactMap {
      Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    guard fields.count == 2 else { throw Failure.spawn(errno: process.terminationStatus) }
    return Footprint(exitCode: Int32(fields[0]), peakResidentBytes: fields[1] * 1024)
  }
}
