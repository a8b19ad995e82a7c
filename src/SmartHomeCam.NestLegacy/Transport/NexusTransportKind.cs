namespace SmartHomeCam.NestLegacy.Transport;

/// <summary>How to reach a camera's nexustalk server (spec §3).</summary>
public enum NexusTransportKind
{
    /// <summary>Raw TLS to <c>direct_nexustalk_host</c>, port 1443 (homebridge before Oct 2020, accfactory today).</summary>
    Tls,

    /// <summary>Binary WebSocket to <c>wss://websocket_nexustalk_host/nexustalk</c> (foggycam, later homebridge).</summary>
    WebSocket,
}
