package import Hummingbird
package import NIOCore

/// Hummingbird's request context with the connection's peer address, which `allowFrom` checks.
package struct HookRequestContext: RequestContext, RemoteAddressRequestContext {
  package var coreContext: CoreRequestContextStorage
  package let remoteAddress: SocketAddress?

  package init(source: ApplicationRequestContextSource) {
    coreContext = CoreRequestContextStorage(source: source)
    remoteAddress = source.channel.remoteAddress
  }

  /// The peer's address as 4 or 16 bytes; nil for a Unix socket or when unknown.
  var peerAddress: [UInt8]? {
    guard let remoteAddress else { return nil }
    switch remoteAddress {
    case .v4(let address):
      return withUnsafeBytes(of: address.address.sin_addr) { Array($0) }
    case .v6(let address):
      return withUnsafeBytes(of: address.address.sin6_addr) { Array($0) }
    case .unixDomainSocket:
      return nil
    }
  }
}
