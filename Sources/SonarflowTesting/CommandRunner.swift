public import Foundation
import Subprocess
import SystemPackage

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
  /// Spawned and waited for with swift-subprocess, asynchronously: the suite's tests run on
  /// Swift's cooperative pool, as wide as the machine has cores, and a child waited for on a pool
  /// thread held that thread for the child's whole run (two at once stopped every other test, and
  /// the server harnesses' waits ran out meanwhile). Foundation's `Process`, used before, also
  /// crashed the parallel suite under load inside `Process.run()`.
  public func run(
    _ arguments: [String],
    standardInput: String? = nil,
    environment: [String: String] = [:],
    currentDirectory: URL? = nil
  ) async throws -> Result {
    var overrides: [Environment.Key: String?] = [:]
    for (name, value) in environment {
      if let key = Environment.Key(rawValue: name) { overrides[key] = value }
    }
    // Standard input from a file, not a pipe: a child that exits before reading its input (a usage
    // error) makes a pipe's write fail, which swift-subprocess 1.0.2 answers with a fatal error.
    let result = try await Self.withInputFile(standardInput ?? "") { input in
      try await Subprocess.run(
        .path(FilePath(executable.path)), arguments: Arguments(arguments), environment: .inherit.updating(overrides),
        workingDirectory: currentDirectory.map { FilePath($0.path) },
        input: .fileDescriptor(input, closeAfterSpawningProcess: true), output: .string(limit: Self.outputLimit),
        error: .string(limit: Self.outputLimit))
    }
    return Result(
      exitCode: Self.exitCode(result.terminationStatus), standardOutput: result.standardOutput,
      standardError: result.standardError)
  }

  /// Runs `body` with a descriptor reading `text` from a temporary file, removed afterwards.
  private static func withInputFile<T>(_ text: String, _ body: (FileDescriptor) async throws -> T) async throws -> T {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("sonarflow-input-\(UUID().uuidString)")
    try Data(text.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    return try await body(try FileDescriptor.open(FilePath(file.path), .readOnly))
  }

  /// The most output a command may print before the run fails.
  private static let outputLimit = 256 << 20

  /// The exit status; a child ended by a signal as a shell shows it, 128 + the signal.
  private static func exitCode(_ status: TerminationStatus) -> Int32 {
    switch status {
    case .exited(let code): code
    case .signaled(let signal): 128 + signal
    }
  }
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
    let script = """
      import os, sys
      null = [(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0), (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0)]
      pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=null)
      _, status, usage = os.wait4(pid, 0)
      print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
      """
    let result = try await Subprocess.run(
      .path("/usr/bin/env"), arguments: Arguments(["python3", "-c", script, executable.path] + arguments),
      output: .string(limit: 1 << 16))
    let fields = result.standardOutput.split(separator: " ").compactMap {
      Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    guard fields.count == 2 else { throw Failure.spawn(errno: Self.exitCode(result.terminationStatus)) }
    return Footprint(exitCode: Int32(fields[0]), peakResidentBytes: fields[1] * 1024)
  }
}
