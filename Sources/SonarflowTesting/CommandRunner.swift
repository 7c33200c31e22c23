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
  public func run(
    _ arguments: [String],
    standardInput: String? = nil,
    environment: [String: String] = [:],
    currentDirectory: URL? = nil
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
    try process.run()
    if let standardInput { stdin.fileHandleForWriting.write(Data(standardInput.utf8)) }
    try stdin.fileHandleForWriting.close()
    // Read both pipes concurrently so a full pipe never blocks the child.
    let errorData = LockedBox(Data())
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errorData.set(stderr.fileHandleForReading.readDataToEndOfFile())
      group.leave()
    }
    let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
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
  /// kernel's accounting of that one child (Foundation's `Process` reaps children itself, so it is
  /// spawned directly).
  public func footprint(_ arguments: [String]) throws -> Footprint {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
    guard spawned == 0 else { throw Failure.spawn(errno: spawned) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS, spelled out (the C macros are not imported).
    let exitCode = status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
    return Footprint(exitCode: exitCode, peakResidentBytes: usage.ru_maxrss * 1024)
  }
}
