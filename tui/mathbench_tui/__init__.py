"""The Textual reviewer (``mathbench review``), registered through the ``mathbench`` entry-point
group like every plugin. It registers nothing yet: the reviewer arrives with its own issue, and this
package reserves its import name and entry point so that installs made now upgrade cleanly."""
