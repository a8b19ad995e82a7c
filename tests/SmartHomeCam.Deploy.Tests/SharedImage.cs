namespace SmartHomeCam.Deploy.Tests;

/// <summary>The container tests share one image build (minutes on two cores) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedImage : ICollectionFixture<ServiceImage>
{
    public const string Name = "service image";
}
