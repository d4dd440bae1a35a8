// A tiny design for testing scripts/area/area.sh without the Meridian RTL: an 8-bit counter
// (8 flip-flops) and one black-boxed 16 x 8 SRAM (128 bits). Expected: 128 SRAM bits, 8 DFFs.
module area_selftest (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       we_i,
  output logic [7:0] q_o
);
  logic [7:0] cnt_q;
  logic [7:0] rdata;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) cnt_q <= '0;
    else cnt_q <= cnt_q + rdata;
  end

  meridian_sram_1r1w #(.Words(16), .Width(8)) u_mem (
    .clk_i(clk_i), .re_i(1'b1), .raddr_i(cnt_q[3:0]), .rdata_o(rdata),
    .we_i(we_i), .waddr_i(cnt_q[7:4]), .wdata_i(cnt_q), .wmask_i(8'hFF)
  );

  assign q_o = cnt_q;
endmodule
