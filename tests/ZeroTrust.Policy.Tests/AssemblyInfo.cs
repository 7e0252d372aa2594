// Tests share nothing mutable; run them in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = false)]
