import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the channel, so a fault can drop the
/// connection. Bodies are capped at 1 MB; bigger ones get `413 {"error": …}`.
struct EmulatorRequestContext: RequestContext {
  var coreContext: CoreRequestContextStorage
  let channel: any Channel

  init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    channel = source.channel
  }

  var maxUploadSize: Int { EmulatorResponder.maximumBodySize }
}
