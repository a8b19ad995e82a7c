namespace SmartHomeCam.GoogleSim;

/// <summary>Which half of a fulfillment exchange a body is: Google's request or the integration's response.</summary>
public enum MessageDirection
{
    Request,
    Response,
}
