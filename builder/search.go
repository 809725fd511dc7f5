package builder

// searchJobs writes the search index under /search/.
func (b *build) searchJobs() []func() error {
	return nil
}
