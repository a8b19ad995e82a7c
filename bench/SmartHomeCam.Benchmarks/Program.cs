using SmartHomeCam.Benchmarks;

// Side-by-side benchmarks: each reports our figure next to a baseline measured in the same run.
var which = args.Length > 0 ? args[0] : "all";
var seconds = args.Length > 1 && int.TryParse(args[1], out var s) ? s : 0;
var report = new Report();
switch (which)
{
    case "fulfillment":
        await FulfillmentLoadBenchmark.RunAsync(report, seconds);
        break;
    case "mux":
        await MuxBenchmark.RunAsync(report);
        break;
    case "revocation":
        await RevocationBenchmark.RunAsync(report, seconds);
        break;
    case "density":
        await DensityBenchmark.RunAsync(report, seconds);
        break;
    case "density-worker":
        return await DensityBenchmark.WorkerAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    case "replicas":
        await ReplicasBenchmark.RunAsync(report, seconds);
        break;
    case "rtsp":
        await RtspBenchmark.RunAsync(report, seconds, args.Length > 2 && int.TryParse(args[2], out var n) ? n : 20);
        break;
    case "rtsp-worker":
        return await RtspBenchmark.WorkerAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]);
    case "soak-arlo":
        await ArloSoakBenchmark.RunAsync(report, seconds);
        break;
    case "homegraph":
        await HomeGraphQuotaBenchmark.RunAsync(report, seconds);
        break;
    case "start":
        await StartLatencyBenchmark.RunAsync(report);
        break;
    case "transcode":
        await TranscodeBenchmark.RunAsync(report, seconds);
        break;
    case "webrtc":
        await WebRtcStartBenchmark.RunAsync(report);
        break;
    case "webrtc-density":
        await WebRtcDensityBenchmark.RunAsync(report, seconds, args.Length > 2 && int.TryParse(args[2], out var window) ? window : 0);
        break;
    case "webrtc-density-server":
        return await WebRtcDensityServer.RunAsync(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    case "all":
        await FulfillmentLoadBenchmark.RunAsync(report, seconds);
        await MuxBenchmark.RunAsync(report);
        await StartLatencyBenchmark.RunAsync(report);
        await DensityBenchmark.RunAsync(report, seconds);
        break;
    default:
        Console.Error.WriteLine("usage: bench [all|fulfillment|mux|revocation|density|start|transcode|replicas|rtsp|soak-arlo|soak-nest|homegraph|webrtc|webrtc-density] [seconds]");
        return 2;
}

report.Save(which);
return 0;
