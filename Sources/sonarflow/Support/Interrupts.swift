import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into cancellation, so an execution stops cleanly between modules.
///
/// Installed before any work starts, so an interrupt that arrives early is remembered and applied
/// as soon as there is something to cancel.
final class Interrupts: Sendable {
  private struct State {
    var isInterrupted = false
    var action: (@Sendable () -> Void)?
  }

  private let state = Mutex(State())
  // Written once in `install()` before the instance is shared, read only by `remove()` afterwards.
  private nonisolated(unsafe) var sources: [any DispatchSourceSignal] = []

  /// Starts catching SIGINT and SIGTERM; returns once both are caught.
  ///
  /// A signal source is registered asynchronously after `resume()`, and until then the signal is
  /// ignored (`SIG_IGN`, so that it does not end the process): an interrupt in that window would be
  /// lost, and a busy machine can stretch it. So this waits for both registrations.
  static func install() -> Interrupts {
    let interrupts = Interrupts()
    let registered = DispatchSemaphore(value: 0)
    interrupts.sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [weak interrupts] in interrupts?.fire() }
      source.setRegistrationHandler { registered.signal() }
      source.resume()
      return source
    }
    for _ in interrupts.sources { registered.wait() }
    return interrupts
  }

  /// Cancels `task` on an interrupt — at once if one already arrived.
  func cancel<T>(_ task: Task<T, Never>) {
    let alreadyInterrupted = state.withLock { state in
      state.action = { task.cancel() }
      return state.isInterrupted
    }
    if alreadyInterrupted { task.cancel() }
  }

  private func fire() {
    let action = state.withLock { state in
      state.isInterrupted = true
      return state.action
    }
    Output.error("\ninterrupted: stopping the execution after the current module")
    action?()
  }

  /// Stops catching signals and restores their default handling.
  func remove() {
    for source in sources { source.cancel() }
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }
}
