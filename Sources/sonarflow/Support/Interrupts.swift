import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into cancellation of one task, so an execution stops cleanly.
enum Interrupts {
  /// Cancels `task` on SIGINT or SIGTERM until the returned handle is cancelled.
  static func cancel<T>(_ task: Task<T, Never>) -> Handle {
    let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        Output.error("\ninterrupted: stopping the execution after the current module")
        task.cancel()
      }
      source.resume()
      return source
    }
    return Handle(sources: sources)
  }

  /// Restores the default signal handling.
  struct Handle {
    let sources: [any DispatchSourceSignal]

    func cancel() {
      for source in sources { source.cancel() }
      signal(SIGINT, SIG_DFL)
      signal(SIGTERM, SIG_DFL)
    }
  }
}
