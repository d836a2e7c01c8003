// The cluster tests start several silo processes each and measure failover times: run them one at a
// time so they do not compete for the two cores with each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
