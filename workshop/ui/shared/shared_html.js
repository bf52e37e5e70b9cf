// HTML many pages show alike (shared_html.py): NiceGUI's html element, whose words also come in one Socket.IO message
// sent alike to every page (`shared`; the words under `part`, their revision under part + "r"), followed by this
// page's own (`own`). The newer of that and the element's props shows, whichever arrived last. The HTML is built on
// the server from escaped text.
export default {
  template: `<div></div>`,
  props: {
    innerHTML: String, // the shared words and the page's own together
    own: String,
    rev: Number,
    shared: String,
    part: String,
  },
  data() {
    return { sent: null }; // {html, rev}: the newest from the shared message
  },
  computed: {
    shown() {
      return this.sent && this.sent.rev > this.rev ? this.sent.html + this.own : this.innerHTML;
    },
  },
  watch: {
    shown() {
      this.$el.innerHTML = this.shown;
    },
  },
  mounted() {
    this.$el.innerHTML = this.shown;
    this.stop = window.cwListen(this.shared, (message) => {
      const rev = message[this.part + "r"];
      if (message[this.part] !== undefined && (!this.sent || rev > this.sent.rev)) {
        this.sent = { html: message[this.part], rev };
      }
    });
  },
  unmounted() {
    this.stop();
  },
};
