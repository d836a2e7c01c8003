using Microsoft.Extensions.Options;
using ScimOrleans.Silo.Telemetry;

namespace ScimOrleans.Silo.Tests.Observability;

public sealed class TenantTagTests
{
    [Fact]
    public void Tenants_past_the_limit_share_one_tag()
    {
        var tags = new TenantTags(Options.Create(new TelemetryOptions { MaxTenantTags = 2 }));

        Assert.Equal("acme", tags.For("acme"));
        Assert.Equal("globex", tags.For("globex"));
        Assert.Equal(TenantTags.Other, tags.For("initech"));
        Assert.Equal("acme", tags.For("acme"));
        Assert.Equal(TenantTags.Unknown, tags.For(null));
    }

    [Fact]
    public void A_limit_of_zero_names_no_tenant()
    {
        var tags = new TenantTags(Options.Create(new TelemetryOptions { MaxTenantTags = 0 }));

        Assert.Equal(TenantTags.Other, tags.For("acme"));
    }
}
