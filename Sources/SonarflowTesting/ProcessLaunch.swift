public import Foundation
import Synchronization

/// Starts child processes one at a time. Foundation's `Process.run()` on Linux is not safe to call
/// from several threads at once: under the parallel suite it crashed inside `Process.run()`
/// (a bad pointer in its copy of the launch arguments), taking the whole test process down. The
/// launch alone is serialized; the children run side by side.
public enum ProcessLaunch {
  private static let lock = Mutex(())

  public static func run(_ process: Process) throws {
    try lock.withLock { _ in try process.run() }
  }
}
